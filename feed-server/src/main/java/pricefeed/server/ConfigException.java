package pricefeed.server;

/**
 * The configuration cannot be used: an unknown option, a missing or invalid value, an unreadable
 * config file. {@link #getMessage()} is one line that names the option (and the source when it is
 * not the command line), ready to print before exiting with {@link #EXIT_CODE}.
 */
public final class ConfigException extends RuntimeException {

    /** The process exit status for a configuration error (the usual "usage error" status). */
    public static final int EXIT_CODE = 2;

    ConfigException(String message) {
        super(message, null, false, false);
    }
}
