package dev.lanes.io;

/**
 * A model file that cannot be read or written: the message names the file and what is wrong with it (truncated,
 * a header that is not JSON, offsets that do not match a shape, ...). Unchecked, so callers that cannot recover
 * need not declare it; the command line turns it into one line on standard error and exit code 2.
 */
public class ModelFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
