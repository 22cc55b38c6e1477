package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArrivalClockTest {

    @Test
    void operationalTimeAdvancesAtThePerSymbolRate() {
        ArrivalClock clock = new ArrivalClock(10);

        assertEquals(0, clock.tauAt(0));
        assertEquals(25, clock.tauAt(2.5), 1e-12);
        assertEquals(2.5, clock.secondsAt(25), 1e-12);
    }

    @Test
    void aRateChangeIsContinuousAndChangesTheSlope() {
        ArrivalClock clock = new ArrivalClock(10);

        clock.changeRate(3, 2);

        assertEquals(30, clock.tauAt(3), 1e-12);
        assertEquals(32, clock.tauAt(4), 1e-12);
        assertEquals(4, clock.secondsAt(32), 1e-12);
        assertEquals(2, clock.rate());
    }
}
