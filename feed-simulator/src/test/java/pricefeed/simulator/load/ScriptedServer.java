package pricefeed.simulator.load;

import io.netty.channel.Channel;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load client's counterpart in tests: Reactor Netty's own WebSocket server on 127.0.0.1, port 0, at
 * {@code /stream}, playing a script per connection. It records every text message each client sends.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does on one connection; the returned publisher's end closes the connection. */
    @FunctionalInterface
    interface Script {
        Publisher<Void> play(Session session);
    }

    /** One accepted WebSocket connection. */
    static final class Session {
        final int index;
        final WebsocketInbound in;
        final WebsocketOutbound out;
        final Channel channel;
        final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        private final Sinks.One<String> first = Sinks.one();
        private final Sinks.Empty<Void> gone = Sinks.empty();

        Session(int index, WebsocketInbound in, WebsocketOutbound out) {
            this.index = index;
            this.in = in;
            this.out = out;
            Channel[] ch = new Channel[1];
            out.withConnection(c -> ch[0] = c.channel());
            this.channel = ch[0];
        }

        /** @return the first text message the client sends (its subscribe) */
        Mono<String> firstMessage() {
            return first.asMono();
        }

        /** @return completes when the client's side of the connection is finished */
        Mono<Void> clientGone() {
            return gone.asMono();
        }

        private void record(String text) {
            received.add(text);
            first.tryEmitValue(text);
        }
    }

    private final DisposableServer server;
    final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    private ScriptedServer(Script script) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws("/stream", (in, out) -> {
                    Session s = new Session(count.getAndIncrement(), in, out);
                    sessions.add(s);
                    in.receive().asString().subscribe(s::record, e -> s.gone.tryEmitEmpty(), s.gone::tryEmitEmpty);
                    return script.play(s);
                }))
                .bindNow(Duration.ofSeconds(5));
    }

    /**
     * @param script what to do on each connection
     * @return a started server
     */
    static ScriptedServer start(Script script) {
        return new ScriptedServer(script);
    }

    /** @return {@code ws://127.0.0.1:PORT/stream} */
    URI uri() {
        return uri("/stream");
    }

    /**
     * @param path a path
     * @return that path on this server
     */
    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
