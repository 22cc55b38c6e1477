package pricefeed.server;

/**
 * One option value was rejected. Carries only the problem ("must be 0..65535"); whoever catches it
 * knows where the value came from and builds the one-line message around it.
 */
final class InvalidValueException extends RuntimeException {

    /** @param problem what the value must be, phrased to follow "invalid --name 'value': " */
    InvalidValueException(String problem) {
        super(problem, null, false, false);
    }

    /** @return the problem, e.g. {@code must be 0..65535} */
    String problem() {
        return getMessage();
    }
}
