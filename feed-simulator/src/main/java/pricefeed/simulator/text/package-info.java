/** Text handling the simulator's parts share: making text from elsewhere safe to print. */
package pricefeed.simulator.text;
