package pricefeed.server.session;

import io.netty.buffer.PooledByteBufAllocator;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.core.ws.CloseStatus;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.metrics.StreamMetrics;
import pricefeed.server.stream.HandshakeRequest;
import pricefeed.server.stream.StreamEvents;
import pricefeed.server.stream.StreamListener;
import pricefeed.server.stream.StreamListenerConfig;
import pricefeed.server.subscription.ServerFrames;
import pricefeed.server.subscription.SimulatorBridge;
import pricefeed.server.subscription.TickFanout;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SimulatorConfig;
import reactor.core.Disposable;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A running stream side (simulator, fan-out, stream listener) on 127.0.0.1 port 0, without the web listener. */
final class StreamFixture implements AutoCloseable {

    final MarketSimulator simulator;
    final TickFanout fanout;
    final FeedMetrics metrics = new FeedMetrics();
    final StreamListener listener;
    /** Every closed connection's status, in order. */
    final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();
    private final Disposable bridge;

    StreamFixture(SimulatorConfig simConfig, SessionSettings settings) {
        this(simConfig, settings, StreamListenerConfig.DEFAULTS);
    }

    /** @param listenerConfig the listener's settings; its address is replaced by loopback, port 0 */
    StreamFixture(SimulatorConfig simConfig, SessionSettings settings, StreamListenerConfig listenerConfig) {
        simulator = new MarketSimulator(simConfig);
        fanout = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT), 1024, simulator.epoch(), System::nanoTime);
        bridge = SimulatorBridge.connect(simulator, fanout);
        StreamRoute route = new StreamRoute(fanout, new ClientMessageParser(), metrics, settings);
        StreamMetrics counted = new StreamMetrics(metrics);
        StreamEvents events = new StreamEvents() {
            @Override
            public void onOpen(HandshakeRequest request) {
                counted.onOpen(request);
            }

            @Override
            public void onClose(HandshakeRequest request, CloseStatus status) {
                counted.onClose(request, status);
                closes.add(status);
            }
        };
        listener = StreamListener.bind(listenerConfig.withAddress("127.0.0.1", 0),
                Map.of("/stream", route), events).block(Duration.ofSeconds(10));
        simulator.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + listener.port() + pathAndQuery);
    }

    @Override
    public void close() {
        listener.shutdown(Duration.ofSeconds(1)).block(Duration.ofSeconds(5));
        bridge.dispose();
        simulator.close();
        fanout.close();
        metrics.close();
    }
}
