package pricefeed.core.market;

/**
 * One market update of one symbol. Prices are <em>scaled integers</em>: the real price is
 * {@code value / 10^decimals}, so {@code 18913} with 2 decimals is {@code 189.13}. Integers keep
 * prices exactly on the tick size and free of float noise all the way to the wire.
 *
 * <p>A tick with {@code seq == 0} is a symbol's initial state before its first real tick; it is only
 * ever sent as a snapshot.
 *
 * @param symbol   the ticker
 * @param decimals digits after the point for this symbol's prices
 * @param seq      per-symbol sequence number, from 1, +1 per tick, within one epoch
 * @param tsMicros when the simulator made the tick, microseconds since the Unix epoch
 * @param bid      best bid, scaled
 * @param ask      best ask, scaled; always greater than {@code bid}
 * @param last     last trade price, scaled
 * @param size     last trade size
 * @param volume   cumulative traded volume
 */
public record Tick(String symbol, int decimals, long seq, long tsMicros,
                   long bid, long ask, long last, long size, long volume) {
}
