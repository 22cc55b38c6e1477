package pricefeed.simulator;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochsTest {

    @Test
    void epochsAreEightLowerCaseHexDigitsAndNeverRepeatThePrevious() {
        String epoch = Epochs.next(null);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(epoch.matches("[0-9a-f]{8}"), epoch);
            String next = Epochs.next(epoch);
            assertNotEquals(epoch, next);
            epoch = next;
        }
    }
}
