package dev.lanes.cli.data;

/** Input data that cannot be used: the message names the file, and the line and column where it applies. */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }
}
