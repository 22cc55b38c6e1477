/** JMH benchmarks of the market simulator's tick generation and publication, beside a trivial baseline. */
package pricefeed.bench.simulator;
