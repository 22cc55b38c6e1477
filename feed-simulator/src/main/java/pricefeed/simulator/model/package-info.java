/** The seeded market model: symbol universe, price paths, quotes, trades and Poisson arrivals. */
package pricefeed.simulator.model;
