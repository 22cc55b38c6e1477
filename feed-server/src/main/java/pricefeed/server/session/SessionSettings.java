package pricefeed.server.session;

import java.time.Duration;
import java.util.Objects;

/**
 * The per-connection limits of a {@code /stream} session.
 *
 * @param maxSymbols        symbols one connection may hold (over it: {@code limit_exceeded})
 * @param maxInboundRate    client messages per second (over it: {@code limit_exceeded})
 * @param outboundBudget    bytes that may wait unsent before the connection is dropped as a slow consumer
 * @param maxLag            how old the oldest unsent message may get before the same drop
 * @param heartbeatInterval quiet time after which a {@code heartbeat} is sent
 * @param writeDelay        how long the outbound queue collects messages before writing them; zero writes
 *                          each fan-out batch at once. Below {@code maxLag}.
 */
public record SessionSettings(int maxSymbols, int maxInboundRate, long outboundBudget, Duration maxLag,
                              Duration heartbeatInterval, Duration writeDelay) {

    /** PROTOCOL.md's defaults. */
    public static final SessionSettings DEFAULTS =
            new SessionSettings(1000, 50, 1024 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(5));

    public SessionSettings {
        Objects.requireNonNull(maxLag, "maxLag");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(writeDelay, "writeDelay");
        if (maxSymbols < 1 || maxInboundRate < 1 || outboundBudget < 1
                || maxLag.isNegative() || maxLag.isZero()
                || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("session settings must be positive: " + this);
        }
        if (writeDelay.isNegative() || writeDelay.compareTo(maxLag) >= 0) {
            throw new IllegalArgumentException("writeDelay must be from 0 to below maxLag: " + this);
        }
    }

    /** Settings that write each batch at once. */
    public SessionSettings(int maxSymbols, int maxInboundRate, long outboundBudget, Duration maxLag,
                           Duration heartbeatInterval) {
        this(maxSymbols, maxInboundRate, outboundBudget, maxLag, heartbeatInterval, Duration.ZERO);
    }
}
