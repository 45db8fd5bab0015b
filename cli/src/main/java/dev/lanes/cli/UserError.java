package dev.lanes.cli;

/**
 * A problem with what the user asked for (an option value that does not fit the data or the model, a file that
 * would be overwritten): reported as one line on standard error with exit code 2, never with a stack trace.
 */
public class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
