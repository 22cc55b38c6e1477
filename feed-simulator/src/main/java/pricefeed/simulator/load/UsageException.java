package pricefeed.simulator.load;

/** A command line we cannot run: the message is the one line {@code loadtest} prints before exiting with 2. */
final class UsageException extends Exception {

    /** @param message one line naming the option or argument at fault */
    UsageException(String message) {
        super(message, null, false, false);
    }
}
