package pricefeed.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ListenAddressTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1,       127.0.0.1",
            "0.0.0.0,         0.0.0.0",
            "localhost,       localhost",
            "feed.example,    feed.example",
            "::1,             [::1]",
            "::,              [::]",
            "fe80::1,         [fe80::1]",
            "::ffff:127.0.0.1, [::ffff:127.0.0.1]",
    })
    void anIpv6LiteralIsBracketedInAUrlAndNothingElseChanges(String bindHost, String inUrl) {
        assertEquals(inUrl, ListenAddress.uriHost(bindHost));
    }

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0,          localhost",
            "::,               localhost",
            "0:0:0:0:0:0:0:0,  localhost",
            "::0,              localhost",
            "127.0.0.1,        127.0.0.1",
            "::1,              [::1]",
            "::ffff:0.0.0.0,   localhost",
            "10.0.0.0,         10.0.0.0",
            "example.org,      example.org",
    })
    void aWildcardBindIsBrowsedAsLocalhost(String bindHost, String browsed) {
        assertEquals(browsed, ListenAddress.browsableHost(bindHost));
    }
}
