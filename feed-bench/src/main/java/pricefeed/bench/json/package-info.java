/** JMH benchmarks of the JSON messages: our hand-written tick encoder and parsers against plain Jackson. */
package pricefeed.bench.json;
