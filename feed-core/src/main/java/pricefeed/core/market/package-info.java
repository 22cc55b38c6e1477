/** Market domain values shared by the simulator, the server and the clients: symbols and ticks. */
package pricefeed.core.market;
