package pricefeed.core.ws.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.ResourceLeakDetector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    @Test
    void aLevelGivenUnderEitherOfNettysNamesCounts() {
        assertFalse(LeakDetection.configured(Map.<String, String>of()::get));
        assertTrue(LeakDetection.configured(Map.of("io.netty.leakDetection.level", "simple")::get));
        assertTrue(LeakDetection.configured(Map.of("io.netty.leakDetectionLevel", "paranoid")::get));
        assertFalse(LeakDetection.configured(Map.of("io.netty.leakDetection.targetRecords", "8")::get));
    }

    /** The build runs every test with a level set (PARANOID): the executables' call must leave it alone. */
    @Test
    void aConfiguredLevelIsLeftAsItIs() {
        String given = System.getProperty(LeakDetection.PROPERTY);
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        try {
            if (given == null) {
                System.setProperty(LeakDetection.PROPERTY, before.name());
            }
            assertEquals(before, LeakDetection.offUnlessConfigured());
            assertEquals(before, ResourceLeakDetector.getLevel());
        } finally {
            // A failure here must not leave the rest of the suite without its PARANOID checks.
            ResourceLeakDetector.setLevel(before);
            if (given == null) {
                System.clearProperty(LeakDetection.PROPERTY);
            }
        }
    }

    @Test
    void withoutALevelDetectionIsOff() {
        String given = System.getProperty(LeakDetection.PROPERTY);
        String legacy = System.getProperty(LeakDetection.LEGACY_PROPERTY);
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        System.clearProperty(LeakDetection.PROPERTY);
        System.clearProperty(LeakDetection.LEGACY_PROPERTY);
        try {
            assertEquals(ResourceLeakDetector.Level.DISABLED, LeakDetection.offUnlessConfigured());
            assertEquals(ResourceLeakDetector.Level.DISABLED, ResourceLeakDetector.getLevel());
        } finally {
            ResourceLeakDetector.setLevel(before);
            if (given != null) {
                System.setProperty(LeakDetection.PROPERTY, given);
            }
            if (legacy != null) {
                System.setProperty(LeakDetection.LEGACY_PROPERTY, legacy);
            }
        }
    }
}
