/** The market simulator as a hot Reactor source of ticks, with its configuration and run-time control. */
package pricefeed.simulator;
