package dev.lanes.cli.serve;

/** A request the server refuses: the HTTP status and the one-line reason sent back as {@code {"error": ...}}. */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    /** The methods the path takes, sent as {@code Allow} with a 405; null otherwise. */
    final String allow;

    HttpError(int status, String message) {
        this(status, message, null);
    }

    HttpError(int status, String message, String allow) {
        super(message);
        this.status = status;
        this.allow = allow;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }
}
