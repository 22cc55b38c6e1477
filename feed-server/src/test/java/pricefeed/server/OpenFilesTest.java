package pricefeed.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether the open-file limit holds each connection limit, and the one-line warning when it does not. */
class OpenFilesTest {

    private static final ServerConfig LIMITS = ServerConfig.DEFAULTS
            .with(Option.MAX_CONNECTIONS, 5000).with(Option.MAX_WEB_CONNECTIONS, 100);

    @Test
    void eachLimitWithinTheRoomLeftIsFine() {
        assertEquals(List.of(), OpenFiles.shortfallWarnings(LIMITS, new OpenFiles.Use(100, 5100)));
    }

    @Test
    void aLimitOneConnectionOverTheRoomIsNamedWithTheLimit() {
        assertEquals(List.of("the open-file limit of 5099 leaves room for about 4999 connections, fewer than "
                        + "--max-connections 5000: past that many, new connections wait unanswered instead of getting "
                        + "503; raise the limit (ulimit -n) or lower --max-connections"),
                OpenFiles.shortfallWarnings(LIMITS, new OpenFiles.Use(100, 5099)));
    }

    @Test
    void bothLimitsOverTheRoomGetALineEach() {
        List<String> warnings = OpenFiles.shortfallWarnings(LIMITS, new OpenFiles.Use(60, 100));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("about 40 connections, fewer than --max-connections 5000"), warnings.get(0));
        assertTrue(warnings.get(1).contains("about 40 connections, fewer than --max-web-connections 100"),
                warnings.get(1));
    }

    @Test
    void anUnknownCountSaysNothing() {
        assertEquals(List.of(), OpenFiles.shortfallWarnings(LIMITS, null));
        assertEquals(List.of(), OpenFiles.shortfallWarnings(LIMITS, new OpenFiles.Use(-1, 100)));
    }

    @Test
    void aCountThatFailedIsLeftOutOfTheText() {
        assertEquals("511 of 512 files open", new OpenFiles.Use(511, 512).toString());
        assertEquals("open-file limit 512", new OpenFiles.Use(-1, 512).toString());
    }

    @Test
    void thisProcessReportsItsOwnCounts() {
        OpenFiles.Use use = OpenFiles.now();
        assertNotNull(use, "Linux JVMs report open files");
        assertTrue(use.open() > 0 && use.open() <= use.max(), use.toString());
    }
}
