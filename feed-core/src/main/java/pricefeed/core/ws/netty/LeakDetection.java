package pricefeed.core.ws.netty;

import io.netty.util.ResourceLeakDetector;

import java.util.function.UnaryOperator;

/**
 * The leak-detection level our executables run Netty at: off unless the operator asks for it.
 *
 * <p>Netty's default samples one buffer allocation in 128 and records a stack trace for it. The stream
 * listener allocates a pooled buffer per connection per fan-out batch, so at 200,000 msgs/s that is some 800
 * traces a second, taken on the event loop in the middle of a sweep over the sockets: it added about 0.25 ms
 * to the p99 latency of the end-to-end benchmark (docs/BENCHMARKS.md, run J), and 0.85 MB/s of garbage.
 * Leaks are what the test suite looks for instead, at the PARANOID level, on every buffer. An operator who
 * suspects one sets Netty's own property, {@code -Dio.netty.leakDetection.level=simple} (or
 * {@code paranoid}), which is then left alone.
 */
public final class LeakDetection {

    /** Netty's property, and the older name it still reads. */
    static final String PROPERTY = "io.netty.leakDetection.level";
    static final String LEGACY_PROPERTY = "io.netty.leakDetectionLevel";

    private LeakDetection() {
    }

    /**
     * Turns Netty's leak detection off unless a level was given on the command line. Call it first thing in
     * {@code main}, before the first buffer is allocated.
     *
     * @return the level in effect afterwards
     */
    public static ResourceLeakDetector.Level offUnlessConfigured() {
        if (!configured(System::getProperty)) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        return ResourceLeakDetector.getLevel();
    }

    /**
     * @param properties system properties by name
     * @return whether a leak-detection level was asked for, under either of Netty's names
     */
    static boolean configured(UnaryOperator<String> properties) {
        return properties.apply(PROPERTY) != null || properties.apply(LEGACY_PROPERTY) != null;
    }
}
