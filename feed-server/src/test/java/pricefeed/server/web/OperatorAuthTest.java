package pricefeed.server.web;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OperatorAuthTest {

    private static InetSocketAddress address(String ip) throws UnknownHostException {
        return ip.isEmpty() ? null : new InetSocketAddress(InetAddress.getByName(ip), 50_000);
    }

    private static HttpHeaders headers(String authorization, String host, String origin) {
        HttpHeaders h = new DefaultHttpHeaders();
        if (!authorization.isEmpty()) {
            h.set("Authorization", authorization);
        }
        if (!host.isEmpty()) {
            h.set("Host", host);
        }
        for (String o : origin.isEmpty() ? new String[0] : origin.split(" ")) {
            h.add("Origin", o); // several, space-separated, are sent as several fields
        }
        return h;
    }

    @ParameterizedTest(name = "token: {0} from {1} auth={2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "s3cret | 127.0.0.1 |                    | ''          | ''  | MISSING_TOKEN",
        "s3cret | 10.1.2.3  |                    | ''          | ''  | MISSING_TOKEN",
        "s3cret | 10.1.2.3  | Bearer s3cret      | ''          | ''  | ALLOWED",
        "s3cret | 127.0.0.1 | Bearer s3cret      | ''          | ''  | ALLOWED",
        "s3cret | 10.1.2.3  | bearer   s3cret    | ''          | ''  | ALLOWED",
        "s3cret | 10.1.2.3  | Bearer s3cret      | evil.example | http://evil.example | ALLOWED",
        "s3cret | 127.0.0.1 | Bearer s3cre       | ''          | ''  | WRONG_TOKEN",
        "s3cret | 127.0.0.1 | Bearer s3cret2     | ''          | ''  | WRONG_TOKEN",
        "s3cret | 127.0.0.1 | Bearer             | ''          | ''  | MISSING_TOKEN",
        "s3cret | 127.0.0.1 | Basic czNjcmV0     | ''          | ''  | MISSING_TOKEN",
        "s3cret | 127.0.0.1 | s3cret             | ''          | ''  | MISSING_TOKEN",
    })
    void withATokenOnlyTheTokenCounts(String token, String ip, String authorization, String host, String origin,
                                      OperatorAuth.Verdict expected) throws UnknownHostException {
        OperatorAuth auth = new OperatorAuth(Optional.of(token));
        assertEquals(expected, auth.judge(address(ip), headers(authorization == null ? "" : authorization, host, origin)));
    }

    @ParameterizedTest(name = "no token, from {0}, Host {1}, Origin {2}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1 | ''                    | ''                        | ALLOWED",
        "::1       | ''                    | ''                        | ALLOWED",
        "127.0.0.1 | 127.0.0.1:8080        | http://127.0.0.1:8080     | ALLOWED",
        "127.0.0.1 | localhost:8080        | http://localhost:8080     | ALLOWED",
        "127.0.0.1 | LOCALHOST             | ''                        | ALLOWED",
        "::1       | [::1]:8080            | http://[::1]:8080         | ALLOWED",
        "127.0.0.1 | 127.0.0.2:8080        | ''                        | ALLOWED",
        "10.1.2.3  | ''                    | ''                        | NOT_LOOPBACK",
        "10.1.2.3  | localhost:8080        | http://localhost:8080     | NOT_LOOPBACK",
        "''        | ''                    | ''                        | NOT_LOOPBACK",
        "127.0.0.1 | evil.example:8080     | ''                        | FOREIGN_PAGE",
        "127.0.0.1 | 10.1.2.3:8080         | ''                        | FOREIGN_PAGE",
        "127.0.0.1 | localhost.evil.example | ''                       | FOREIGN_PAGE",
        "127.0.0.1 | 127.0.0.1:8080        | http://evil.example       | FOREIGN_PAGE",
        "127.0.0.1 | 127.0.0.1:8080        | null                      | FOREIGN_PAGE",
        "127.0.0.1 | 127.0.0.1:8080        | http://[bad               | FOREIGN_PAGE",
        "127.0.0.1 | 127.0.0.1:8080        | http://localhost http://127.0.0.1:8080 | ALLOWED",
        "127.0.0.1 | 127.0.0.1:8080        | http://localhost http://evil.example | FOREIGN_PAGE",
        "127.0.0.1 | 127.0.0.1:8080        | http://evil.example http://localhost | FOREIGN_PAGE",
    })
    void withoutATokenOnlyThisMachineMayOperate(String ip, String host, String origin, OperatorAuth.Verdict expected)
            throws UnknownHostException {
        OperatorAuth auth = new OperatorAuth(Optional.empty());
        assertEquals(expected, auth.judge(address(ip), headers("", host, origin)));
        assertEquals(expected, auth.judge(address(ip), headers("Bearer anything", host, origin)),
                "a token is ignored when none is configured");
    }
}
