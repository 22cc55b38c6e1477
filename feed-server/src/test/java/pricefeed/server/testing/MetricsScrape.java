package pricefeed.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a running server's {@code /metrics} the way a Prometheus scraper would. */
public final class MetricsScrape {

    private MetricsScrape() {
    }

    /**
     * @param httpPort the web listener's port on loopback
     * @return the whole Prometheus text
     */
    public static String scrape(int httpPort) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * @param metrics a scrape
     * @param name    a sample without labels, e.g. {@code feed_subscriptions_active}
     * @return its value; fails the test when the sample is missing
     */
    public static double sample(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
