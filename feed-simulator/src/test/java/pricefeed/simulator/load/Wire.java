package pricefeed.simulator.load;

import pricefeed.core.json.ErrorCode;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.Micros;
import pricefeed.core.market.Tick;

import java.util.List;
import java.util.function.LongFunction;

/** Server messages for scripts, exactly as the server writes them; each built with a fresh {@code ts}. */
final class Wire {

    private Wire() {
    }

    /** How old every scripted tick is when it is sent: the latency a test expects to measure, at least. */
    static final long AGE_MICROS = 5_000;

    static Tick tickOf(String symbol, long seq, long ts) {
        return new Tick(symbol, 2, seq, ts, 18912, 18914, 18913, 100, 1000 + seq);
    }

    /** @return a live tick, its ts {@link #AGE_MICROS} before it is built */
    static LongFunction<String> tick(String symbol, long seq) {
        return now -> ServerMessages.json(out -> ServerMessages.tick(tickOf(symbol, seq, now - AGE_MICROS), out));
    }

    /** @return a snapshot; its ts is an hour old, as a quiet symbol's can be */
    static LongFunction<String> snapshot(String symbol, long seq) {
        return now -> ServerMessages.json(out -> ServerMessages.snapshot(tickOf(symbol, seq, now - 3_600_000_000L), out));
    }

    /** @return a tick with its fields in another order than ours: valid JSON, read by the slow path */
    static LongFunction<String> reorderedTick(String symbol, long seq) {
        return now -> "{\"symbol\":\"" + symbol + "\",\"type\":\"tick\",\"seq\":" + seq + ",\"ts\":" + (now - AGE_MICROS)
                + ",\"bid\":189.12,\"ask\":189.14,\"last\":189.13,\"size\":100,\"volume\":1100}";
    }

    static LongFunction<String> subscribed(String epoch) {
        return now -> ServerMessages.json(out -> ServerMessages.subscribed(null, List.of("*"), epoch, out));
    }

    static LongFunction<String> heartbeat() {
        return now -> ServerMessages.json(out -> ServerMessages.heartbeat(now, out));
    }

    static LongFunction<String> error(String message) {
        return now -> ServerMessages.json(out -> ServerMessages.error(null, ErrorCode.UNKNOWN_SYMBOL, message, out));
    }

    static LongFunction<String> raw(String text) {
        return now -> text;
    }

    /** @return the step's message, built now */
    static String build(LongFunction<String> step) {
        return step.apply(Micros.now());
    }
}
