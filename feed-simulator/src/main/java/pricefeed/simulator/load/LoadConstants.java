package pricefeed.simulator.load;

import pricefeed.core.ws.WebSocketProtocol;

import java.time.Duration;
import java.util.List;

/** The load client's fixed numbers and names, in one place. */
final class LoadConstants {

    private LoadConstants() {
    }

    /** The subprotocol we offer (PROTOCOL.md §2); a server that selects none is fine too. */
    static final List<String> SUBPROTOCOLS = List.of(WebSocketProtocol.SUBPROTOCOL_JSON);

    /** Inbound message cap: generous, since a symbols list or a long error can exceed the server's 64 KiB. */
    static final int MAX_INBOUND_MESSAGE_BYTES = 1024 * 1024;

    /** Pipeline name of the handler that stamps each socket read with the wall clock. */
    static final String READ_STAMP = "pricefeed.load.readStamp";
    /** Pipeline name of the handler that consumes messages and keeps the figures. */
    static final String CLIENT = "pricefeed.load.client";

    /**
     * How often a stalled client sends a ping without reading. A server that dropped it has closed its
     * socket, so the ping draws a reset: that is how a client that reads nothing learns it was dropped.
     */
    static final Duration STALL_PROBE_INTERVAL = Duration.ofMillis(100);

    /** After the run, how long stalled clients may read their backlog to find a close frame before we close. */
    static final Duration FINAL_DRAIN = Duration.ofSeconds(2);

    /** After our close frames, how long to wait for every connection to end before letting go of the loops. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    /** How long an event loop may take to hand over its figures before the run gives up on it. */
    static final Duration FLIP_TIMEOUT = Duration.ofSeconds(5);

    /** The close frame we send when the run ends. */
    static final String DONE_REASON = "load test done";

    /** HdrHistogram precision: 3 significant digits, i.e. 0.1% of the value. */
    static final int LATENCY_DIGITS = 3;

    /** The most distinct symbols one event loop tracks; beyond it a tick is counted as untracked. */
    static final int MAX_SYMBOLS = 65_536;

    /** The most connections one run may open (clients plus idle): bounded by ephemeral ports anyway. */
    static final int MAX_CONNECTIONS = 100_000;
    /** The most event loops a run may use. */
    static final int MAX_EVENT_LOOPS = 256;

    /** Distinct connect-failure reasons kept by text; further ones are counted under {@link #OTHER_FAILURE}. */
    static final int MAX_FAILURE_REASONS = 16;
    /** The failure reason that collects everything beyond {@link #MAX_FAILURE_REASONS}. */
    static final String OTHER_FAILURE = "other";
}
