package pricefeed.bench.e2e;

import java.util.List;

/**
 * What N idle connections cost one server: readings before and after opening them.
 *
 * @param server      which server
 * @param connections how many were opened
 * @param before      the server's memory before
 * @param after       with the connections open
 * @param topGrowth   the heap classes that grew most, largest first
 */
record MemoryResult(ServerKind server, int connections, Reading before, Reading after,
                    List<Histogram.Growth> topGrowth) {

    /**
     * One reading, taken after full GCs.
     *
     * @param heapBytes   live objects on the heap
     * @param directBytes native memory tracking's {@code Other}: direct buffers
     * @param rssBytes    resident set size
     */
    record Reading(long heapBytes, long directBytes, long rssBytes) {
    }

    /** @return heap growth per connection, bytes */
    double heapPerConnection() {
        return (double) (after.heapBytes - before.heapBytes) / connections;
    }

    /** @return direct-memory growth per connection, bytes */
    double directPerConnection() {
        return (double) (after.directBytes - before.directBytes) / connections;
    }

    /** @return heap + direct growth per connection, bytes: the figure the goal refers to */
    double usedPerConnection() {
        return heapPerConnection() + directPerConnection();
    }

    /** @return RSS growth per connection, bytes */
    double rssPerConnection() {
        return (double) (after.rssBytes - before.rssBytes) / connections;
    }
}
