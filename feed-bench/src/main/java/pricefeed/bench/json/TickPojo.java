package pricefeed.bench.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import pricefeed.core.market.Tick;

import java.math.BigDecimal;

/**
 * The tick message as a straightforward Jackson data-binding implementation would model it: prices as
 * {@link BigDecimal} so they keep their decimals. The baseline the hand-written encoder is measured against.
 */
@JsonPropertyOrder({"type", "symbol", "seq", "ts", "bid", "ask", "last", "size", "volume"})
record TickPojo(String type, String symbol, long seq, long ts, BigDecimal bid, BigDecimal ask, BigDecimal last,
                long size, long volume) {

    static TickPojo of(Tick t) {
        int d = t.decimals();
        return new TickPojo("tick", t.symbol(), t.seq(), t.tsMicros(), BigDecimal.valueOf(t.bid(), d),
                BigDecimal.valueOf(t.ask(), d), BigDecimal.valueOf(t.last(), d), t.size(), t.volume());
    }
}
