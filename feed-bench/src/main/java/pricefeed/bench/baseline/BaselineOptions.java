package pricefeed.bench.baseline;

import java.util.List;
import java.util.Objects;
import pricefeed.simulator.SimulatorConfig;

/**
 * The baseline server's command line: the subset of the product's flags (PROTOCOL.md §7) the end-to-end
 * harness passes to both servers.
 *
 * @param streamPort where {@code /stream} listens on 127.0.0.1; 0 for an ephemeral port
 * @param simulator  the simulator's configuration, from {@code --symbols}, {@code --tick-rate}, {@code --seed}
 */
public record BaselineOptions(int streamPort, SimulatorConfig simulator) {

    /** The product's default stream port. */
    public static final int DEFAULT_STREAM_PORT = 8081;

    private static final List<String> KNOWN = List.of("--stream-port", "--symbols", "--tick-rate", "--seed");

    public BaselineOptions {
        Objects.requireNonNull(simulator, "simulator");
        if (streamPort < 0 || streamPort > 65_535) {
            throw new IllegalArgumentException("--stream-port must be 0..65535: " + streamPort);
        }
    }

    /**
     * @param args {@code [--stream-port P] [--symbols N] [--tick-rate R] [--seed S]}, each also as {@code --flag=value}
     * @return the options, defaults where a flag is absent
     * @throws IllegalArgumentException with one line naming the option if anything is unknown or invalid
     */
    public static BaselineOptions parse(String... args) {
        int port = DEFAULT_STREAM_PORT;
        SimulatorConfig config = SimulatorConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int eq = flag.indexOf('=');
            if (eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (!KNOWN.contains(flag)) {
                throw new IllegalArgumentException("unknown option: " + flag + " (known: " + KNOWN + ")");
            }
            try {
                switch (flag) {
                    case "--stream-port" -> port = Integer.parseInt(value);
                    case "--symbols" -> config = config.withSymbols(Integer.parseInt(value));
                    case "--tick-rate" -> config = config.withTickRate(Double.parseDouble(value));
                    default -> config = config.withSeed(Long.parseLong(value));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": not a number: " + value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + ": " + e.getMessage());
            }
        }
        return new BaselineOptions(port, config);
    }
}
