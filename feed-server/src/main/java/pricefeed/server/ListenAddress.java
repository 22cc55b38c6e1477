package pricefeed.server;

import io.netty.util.NetUtil;

import java.net.InetAddress;

/**
 * The bind address ({@code --host}) as it appears in the URLs the server prints.
 *
 * <p>An IPv6 literal needs brackets in a URL (RFC 3986 §3.2.2): {@code ws://::1:8081/stream} is not a
 * URL any client can parse, {@code ws://[::1]:8081/stream} is. IPv4 addresses and hostnames stay as
 * given, so the listening lines of PROTOCOL.md section 1 are unchanged for them.
 */
final class ListenAddress {

    private static final String LOCALHOST = "localhost";

    private ListenAddress() {
    }

    /**
     * @param bindHost a valid {@code --host} value: an IPv4 or IPv6 literal or a hostname
     * @return the host as a URL writes it
     */
    static String uriHost(String bindHost) {
        return isIpv6(bindHost) ? "[" + bindHost + "]" : bindHost;
    }

    /**
     * @param bindHost a valid {@code --host} value
     * @return the host a browser on this machine should open: the wildcard addresses accept connections
     *         but are no place to connect to, so they become {@code localhost}
     */
    static String browsableHost(String bindHost) {
        return isWildcard(bindHost) ? LOCALHOST : uriHost(bindHost);
    }

    private static boolean isIpv6(String host) {
        return NetUtil.isValidIpV6Address(host);
    }

    private static boolean isWildcard(String host) {
        // Only a literal can be the wildcard; a name is not looked up.
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        return literal != null && literal.isAnyLocalAddress();
    }
}
