package pricefeed.core.ws.handshake;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Host syntax of RFC 9112 §3.2 and RFC 3986 §3.2.2-3, with RFC 6874's zone id. */
class HostFieldTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // reg-name (IPv4 addresses among them), percent-encoded octets, an empty host, empty and zero-led ports
        "localhost", "localhost:8081", "127.0.0.1", "999.1.1.1", "xn--bcher-kva.example", "localhost.", "my_host:80",
        "a%20b", "A%2f", "!$&'()*+,;=~", "", ":80", "h:", "h:0", "h:65535", "h:0080", "h:0000000000065535",
        // IPv6, every way RFC 3986 writes it
        "[::1]:8081", "[::]", "[1:2:3:4:5:6:7:8]", "[1::]", "[1:2:3:4:5:6:7::]", "[::2:3:4:5:6:7:8]", "[FE80::a:B]",
        "[::ffff:192.0.2.1]", "[1:2:3:4:5:6:192.0.2.1]", "[::255.255.255.255]:443",
        // a zone id, after %25 (RFC 6874) or raw as the JDK's HttpClient sends it
        "[fe80::1%eth0]:8081", "[fe80::1%25eth0]", "[::1%25lo]", "[fe80::1%2]", "[fe80::1%25en%301]",
        // IPvFuture
        "[v1.fe80::a+en1]", "[V7.x:y]"})
    void acceptsAHostAndAnOptionalPort(String value) {
        assertTrue(HostField.isValid(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // a '%' that does not start a percent-encoded octet
        "%", "a%zz", "a%2", "a%", "%g0:80",
        // not reg-name characters
        "a b", "user@h", "h/x", "a<b", "caf\u00e9", "h?", "h#",
        // brackets holding neither IPv6 nor IPvFuture, or not closed
        "[zz]", "[]", "[1.2.3.4]", "[localhost]", "[::1", "::1", "[::1]]", "[[::1]]", "[::1]x", "[::1]80",
        "[1:2:3:4:5:6:7]", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[:::]", "[1:::2]", "[:1::2]", "[1::2:]",
        "[12345::]", "[g::]", "[1:2:3:4:5:6:7:1.2.3.4]", "[1:2:3:4:5:6::1.2.3.4]", "[1.2.3.4::]",
        "[::256.1.1.1]", "[::01.1.1.1]", "[::1.2.3]",
        // a zone id that is empty, broken or not after an IPv6 address
        "[fe80::1%]", "[fe80::1%zz%]", "[fe80::1%eth 0]", "[zz%eth0]", "[v1.x%25eth0]",
        // IPvFuture without its parts
        "[v.x]", "[v1.]", "[v1x]", "[vg.x]",
        // a port that is not digits, or not a TCP port
        "h:80x", "h:-1", "h:+80", "h:80:90", "h: 80", "h:65536", "[::1]:99999999999999999999",
        "h:99999999999999999999"})
    void refusesAnythingElse(String value) {
        assertFalse(HostField.isValid(value), value);
    }
}
