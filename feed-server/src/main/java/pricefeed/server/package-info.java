/** The feed server's entry point and its start-up configuration (command line, environment, config file). */
package pricefeed.server;
