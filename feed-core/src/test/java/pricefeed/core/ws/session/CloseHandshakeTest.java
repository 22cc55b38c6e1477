package pricefeed.core.ws.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pricefeed.core.ws.session.CloseHandshake.State;

/** Every transition of the close handshake, and the misuse it refuses. */
class CloseHandshakeTest {

    private final CloseHandshake handshake = new CloseHandshake();

    @Test
    void startsOpenWithDataFlowing() {
        assertEquals(State.OPEN, handshake.state());
        assertTrue(handshake.canSendData());
        assertFalse(handshake.mustAnswerClose());
        assertTrue(handshake.maySendClose());
        assertFalse(handshake.isClosed());
    }

    @Test
    void weCloseFirstThenThePeerAnswers() {
        assertFalse(handshake.closeSent(), "not yet fully closed");
        assertEquals(State.CLOSE_SENT, handshake.state());
        assertFalse(handshake.canSendData(), "our output is shut");
        assertFalse(handshake.mustAnswerClose());
        assertFalse(handshake.maySendClose());

        assertTrue(handshake.closeReceived(), "the answer completes it");
        assertEquals(State.CLOSED, handshake.state());
        assertTrue(handshake.isClosed());
        assertFalse(handshake.canSendData());
    }

    @Test
    void thePeerClosesFirstThenWeAnswer() {
        assertFalse(handshake.closeReceived());
        assertEquals(State.CLOSE_RECEIVED, handshake.state());
        assertTrue(handshake.mustAnswerClose());
        assertFalse(handshake.canSendData(), "we answer instead of sending more data");
        assertTrue(handshake.maySendClose());

        assertTrue(handshake.closeSent());
        assertEquals(State.CLOSED, handshake.state());
        assertFalse(handshake.mustAnswerClose());
        assertFalse(handshake.maySendClose());
    }

    @Test
    void aSecondCloseInEitherDirectionIsOurBug() {
        handshake.closeSent();
        assertThrows(IllegalStateException.class, handshake::closeSent);
        assertEquals(State.CLOSE_SENT, handshake.state(), "a refused call changes nothing");

        CloseHandshake other = new CloseHandshake();
        other.closeReceived();
        assertThrows(IllegalStateException.class, other::closeReceived);
        assertEquals(State.CLOSE_RECEIVED, other.state());
    }

    @Test
    void nothingMoreOnceClosed() {
        handshake.closeSent();
        handshake.closeReceived();
        assertThrows(IllegalStateException.class, handshake::closeSent);
        assertThrows(IllegalStateException.class, handshake::closeReceived);
    }

    @Test
    void terminateClosesFromEveryState() {
        for (int steps = 0; steps < 4; steps++) {
            CloseHandshake h = new CloseHandshake();
            if (steps == 1) {
                h.closeSent();
            } else if (steps == 2) {
                h.closeReceived();
            } else if (steps == 3) {
                h.closeSent();
                h.closeReceived();
            }
            h.terminate();
            h.terminate();
            assertEquals(State.CLOSED, h.state(), "after " + steps + " steps");
            assertFalse(h.canSendData());
            assertFalse(h.maySendClose());
            assertFalse(h.mustAnswerClose());
            assertThrows(IllegalStateException.class, h::closeSent);
        }
    }

    @Test
    void describesItsState() {
        assertEquals("CloseHandshake[OPEN]", handshake.toString());
    }
}
