package pricefeed.simulator.load;

import pricefeed.core.ws.WebSocketLimits;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every connection of one run shares.
 *
 * @param plan      the run's options
 * @param census    connection life counts
 * @param loops     the per-loop contexts
 * @param subscribe the subscribe message every reading client sends, UTF-8 (wrapped, never modified)
 * @param limits    the client's WebSocket limits (handshake timeout = the connect timeout)
 * @param masks     the masking-key source (thread-safe)
 * @param finishing set once the run is over: connections that appear after it close at once
 */
record RunContext(LoadPlan plan, Census census, LoopRegistry loops, byte[] subscribe, WebSocketLimits limits,
                  Random masks, AtomicBoolean finishing) {
}
