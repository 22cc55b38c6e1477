package pricefeed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private final Timeline timeline = new Timeline(1_000_000);

    @Test
    void standsStillUntilRun() {
        assertEquals(0, timeline.advance(5_000));

        timeline.run(10_000);

        assertEquals(2_500, timeline.advance(12_500));
        assertEquals(3_000, timeline.advance(13_000));
    }

    @Test
    void pausedTimeIsNotSimulated() {
        timeline.run(0);
        timeline.advance(1_000);

        timeline.stop(2_000);
        assertEquals(2_000, timeline.advance(900_000));
        timeline.run(1_000_000);

        assertEquals(2_500, timeline.advance(1_000_500));
    }

    @Test
    void aStallLongerThanTheCatchUpLimitIsSkipped() {
        timeline.run(0);

        assertEquals(1_000_000, timeline.advance(60_000_000));
        assertEquals(1_001_000, timeline.advance(60_001_000));
        assertEquals(59_000_000, timeline.skippedMicros());
    }

    @Test
    void aSmallerLimitForOneReadingSkipsTheRest() {
        timeline.run(0);

        assertEquals(4_000, timeline.advance(10_000, 4_000));
        assertEquals(6_000, timeline.skippedMicros());
    }

    @Test
    void pausesAndClockStepsBackAreNotSkipped() {
        timeline.run(0);
        timeline.stop(1_000);
        timeline.advance(5_000_000);
        timeline.run(5_000_000);
        timeline.advance(4_000_000);
        timeline.advance(4_500_000);

        assertEquals(0, timeline.skippedMicros());
    }

    @Test
    void aClockSteppingBackOnlyStalls() {
        timeline.run(10_000);
        timeline.advance(20_000);

        assertEquals(10_000, timeline.advance(15_000));
        assertEquals(11_000, timeline.advance(16_000));
    }

    @Test
    void aRestartBeginsAtZero() {
        timeline.run(0);
        timeline.advance(5_000);

        timeline.restart();

        assertEquals(0, timeline.simMicros());
        assertEquals(1_000, timeline.advance(6_000));
    }
}
