package pricefeed.server.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedMetricsTest {

    private final FeedMetrics metrics = new FeedMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    /** The one line of the scrape that starts with {@code series + " "}, its value as written. */
    private String value(String series) {
        List<String> lines = metrics.scrape().lines().filter(l -> l.startsWith(series + " ")).toList();
        assertEquals(1, lines.size(), series + " in\n" + metrics.scrape());
        return lines.get(0).substring(series.length() + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"feed_connections_active", "feed_messages_sent_total", "feed_ticks_published_total",
            "feed_slow_consumer_disconnects_total", "feed_connections_opened_total", "feed_bytes_sent_total",
            "feed_subscriptions_active", "feed_handshake_failures_total{status=\"400\"}",
            "feed_connections_closed_total{reason=\"slow_consumer\"}", "feed_tick_to_write_latency_seconds_count"})
    void requiredSeriesExistAtZero(String series) {
        String v = value(series);
        assertTrue(v.equals("0.0") || v.equals("0"), series + " " + v);
    }

    @Test
    void typesAreDeclared() {
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("# TYPE feed_connections_active gauge\n"), scrape);
        assertTrue(scrape.contains("# TYPE feed_messages_sent_total counter\n"), scrape);
        assertTrue(scrape.contains("# TYPE feed_handshake_failures_total counter\n"), scrape);
        assertTrue(scrape.contains("# TYPE feed_tick_to_write_latency_seconds histogram\n"), scrape);
    }

    @Test
    void connectionsOpenAndCloseByReason() {
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed(MetricNames.REASON_NORMAL);
        metrics.connectionClosed(MetricNames.REASON_SLOW_CONSUMER);
        assertEquals("1.0", value("feed_connections_active"));
        assertEquals("3.0", value("feed_connections_opened_total"));
        assertEquals("1.0", value("feed_connections_closed_total{reason=\"normal\"}"));
        assertEquals("1.0", value("feed_connections_closed_total{reason=\"slow_consumer\"}"));
        assertEquals("0.0", value("feed_connections_closed_total{reason=\"idle_timeout\"}"));
        assertEquals(1, metrics.connectionsActive());
    }

    @Test
    void unusualReasonsAreBounded() {
        metrics.connectionClosed("client_vanished");
        metrics.connectionClosed("Bad Reason\n");
        metrics.connectionClosed(null);
        assertEquals("1.0", value("feed_connections_closed_total{reason=\"client_vanished\"}"));
        assertEquals("2.0", value("feed_connections_closed_total{reason=\"other\"}"));
        for (int i = 0; i < 100; i++) {
            metrics.connectionClosed("reason_" + i);
        }
        long series = metrics.scrape().lines().filter(l -> l.startsWith("feed_connections_closed_total{")).count();
        assertEquals(FeedMetrics.MAX_REASONS, series);
        assertEquals(-103, metrics.connectionsActive());
    }

    @Test
    void messagesAndBytes() {
        metrics.messagesSent(1, 100);
        metrics.messagesSent(41, 4100);
        assertEquals("42.0", value("feed_messages_sent_total"));
        assertEquals("4200.0", value("feed_bytes_sent_total"));
    }

    @Test
    void handshakeFailuresByStatus() {
        metrics.handshakeFailure(431);
        metrics.handshakeFailure(431);
        metrics.handshakeFailure(503);
        metrics.handshakeFailure(418);
        metrics.handshakeFailure(99);
        assertEquals("2.0", value("feed_handshake_failures_total{status=\"431\"}"));
        assertEquals("1.0", value("feed_handshake_failures_total{status=\"503\"}"));
        assertEquals("1.0", value("feed_handshake_failures_total{status=\"418\"}"));
        assertEquals("1.0", value("feed_handshake_failures_total{status=\"other\"}"));
        assertEquals("0.0", value("feed_handshake_failures_total{status=\"400\"}"));
    }

    @Test
    void oneHandshakeFailureReadsExactly() {
        metrics.handshakeFailure(431);
        assertTrue(metrics.scrape().contains("\nfeed_handshake_failures_total{status=\"431\"} 1.0\n"));
    }

    @Test
    void slowConsumersTicksAndSubscriptions() {
        metrics.slowConsumerDisconnect();
        metrics.countTicks(() -> 10);
        metrics.countSubscriptions(() -> 3);
        assertEquals("1.0", value("feed_slow_consumer_disconnects_total"));
        assertEquals("10.0", value("feed_ticks_published_total"));
        assertEquals("3.0", value("feed_subscriptions_active"));
        assertEquals(10, metrics.ticksPublished());
        assertEquals(3, metrics.subscriptionsActive());
    }

    @Test
    void simulatorSkippedTimeInSeconds() {
        assertEquals("0.0", value("feed_simulator_skipped_seconds_total"));
        metrics.countSimulatorSkipped(() -> 2_500_000);
        assertEquals("2.5", value("feed_simulator_skipped_seconds_total"));
    }

    @Test
    void latencyHistogramBucketsFrom10MicrosTo1Second() {
        metrics.recordTickToWrite(5);       // <= 10 µs
        metrics.recordTickToWrite(300);     // <= 500 µs
        metrics.recordTickToWrite(2_000);   // <= 2.5 ms
        metrics.recordTickToWrite(5_000_000);  // over 1 s
        metrics.recordTickToWrite(-1);      // a clock step: dropped
        assertEquals("1", value("feed_tick_to_write_latency_seconds_bucket{le=\"1.0E-5\"}"));
        assertEquals("1", value("feed_tick_to_write_latency_seconds_bucket{le=\"2.5E-4\"}"));
        assertEquals("2", value("feed_tick_to_write_latency_seconds_bucket{le=\"5.0E-4\"}"));
        assertEquals("3", value("feed_tick_to_write_latency_seconds_bucket{le=\"0.0025\"}"));
        assertEquals("3", value("feed_tick_to_write_latency_seconds_bucket{le=\"1.0\"}"));
        assertEquals("4", value("feed_tick_to_write_latency_seconds_bucket{le=\"+Inf\"}"));
        assertEquals("4", value("feed_tick_to_write_latency_seconds_count"));
        assertEquals("5.002305", value("feed_tick_to_write_latency_seconds_sum"));
        long buckets = metrics.scrape().lines()
                .filter(l -> l.startsWith("feed_tick_to_write_latency_seconds_bucket{")).count();
        assertEquals(17, buckets);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ",
            "jvm_classes_loaded_classes ", "system_cpu_count ", "process_uptime_seconds "})
    void jvmMetricsAreBound(String prefix) {
        assertTrue(metrics.scrape().lines().anyMatch(l -> l.startsWith(prefix)), prefix);
    }

    @Test
    void contentTypeIsTheRegistrysTextFormat() {
        assertEquals(PrometheusTextFormatWriter.CONTENT_TYPE, FeedMetrics.CONTENT_TYPE);
    }

    @Test
    void registryIsTheScrapedOne() {
        metrics.registry().counter("test.extra").increment();
        assertEquals("1.0", value("test_extra_total"));
        assertFalse(metrics.registry().isClosed());
    }
}
