package pricefeed.core.json;

import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.util.List;
import java.util.Objects;

/**
 * A message from server to client on {@code /stream} (PROTOCOL.md §4), as our load client and tests read it
 * back with {@link ServerMessageParser}. Ids are {@code null} when absent.
 */
public sealed interface ServerMessage {

    /**
     * {@code {"type":"tick",...}}: a live tick.
     *
     * @param tick the tick; its decimals are the digits after the point of its prices
     */
    record TickMessage(Tick tick) implements ServerMessage {
        public TickMessage {
            Objects.requireNonNull(tick, "tick");
        }
    }

    /**
     * {@code {"type":"snapshot",...}}: a symbol's latest state, sent before its ticks.
     *
     * @param tick the state; its decimals are the digits after the point of its prices
     */
    record Snapshot(Tick tick) implements ServerMessage {
        public Snapshot {
            Objects.requireNonNull(tick, "tick");
        }
    }

    /**
     * {@code {"type":"subscribed",...}}.
     *
     * @param id      the subscribe's id, or {@code null}
     * @param symbols the symbols subscribed
     * @param epoch   the tick source's current run
     */
    record Subscribed(JsonId id, List<String> symbols, String epoch) implements ServerMessage {
        public Subscribed {
            symbols = List.copyOf(symbols);
            Objects.requireNonNull(epoch, "epoch");
        }
    }

    /**
     * {@code {"type":"unsubscribed",...}}.
     *
     * @param id      the unsubscribe's id, or {@code null}
     * @param symbols the symbols no longer subscribed
     */
    record Unsubscribed(JsonId id, List<String> symbols) implements ServerMessage {
        public Unsubscribed {
            symbols = List.copyOf(symbols);
        }
    }

    /**
     * {@code {"type":"symbols",...}}.
     *
     * @param id    the request's id, or {@code null}
     * @param specs every symbol with its decimals
     */
    record SymbolList(JsonId id, List<SymbolSpec> specs) implements ServerMessage {
        public SymbolList {
            specs = List.copyOf(specs);
        }
    }

    /**
     * {@code {"type":"pong",...}}.
     *
     * @param id       the ping's id, or {@code null}
     * @param tsMicros the server's time, microseconds since the Unix epoch
     */
    record Pong(JsonId id, long tsMicros) implements ServerMessage {
    }

    /**
     * {@code {"type":"heartbeat",...}}.
     *
     * @param tsMicros the server's time, microseconds since the Unix epoch
     */
    record Heartbeat(long tsMicros) implements ServerMessage {
    }

    /**
     * {@code {"type":"error",...}}.
     *
     * @param id      the failed request's id, or {@code null}
     * @param code    the code as sent (see {@link ErrorCode#fromWire(String)}); kept as text so a code added
     *                by a newer server still reads
     * @param message the server's one-line explanation
     */
    record ErrorReply(JsonId id, String code, String message) implements ServerMessage {
        public ErrorReply {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A well-formed message of a type this version does not know; clients skip it (PROTOCOL.md lets the
     * server add message types).
     *
     * @param type the message's {@code type}
     */
    record Unknown(String type) implements ServerMessage {
        public Unknown {
            Objects.requireNonNull(type, "type");
        }
    }
}
