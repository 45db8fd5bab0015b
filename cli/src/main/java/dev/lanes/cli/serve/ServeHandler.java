package dev.lanes.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes every request: {@code POST /predict}, {@code GET /model}, {@code GET /health}. Whatever goes wrong with a
 * request becomes a status and a one-line {@code {"error": ...}}; nothing a client sends changes the model.
 */
final class ServeHandler implements HttpHandler {

    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";

    private final ServedModel model;
    private final String modelJson;
    private final long maxBodyBytes;
    private final String overloadMessage;
    private final PrintWriter log;
    private final AtomicLong answered = new AtomicLong();

    ServeHandler(ServedModel model, String file, long maxBodyBytes, int threads, int queue, PrintWriter log) {
        this.model = model;
        this.modelJson = Responses.model(model, file);
        this.maxBodyBytes = maxBodyBytes;
        this.overloadMessage = "overloaded: all " + threads + " request threads are busy and " + queue
                + " requests wait; retry shortly";
        this.log = log;
    }

    /** Requests answered so far, errors included. */
    long answered() {
        return answered.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            String body;
            try {
                body = route(exchange);
            } catch (HttpError e) {
                status = e.status;
                body = JsonText.error(e.getMessage());
                if (e.allow != null) {
                    exchange.getResponseHeaders().set("Allow", e.allow);
                }
            } catch (RuntimeException e) {
                status = 500;
                body = JsonText.error("internal error: " + e);
                log.println("lanes serve: internal error on " + exchange.getRequestURI() + ":");
                e.printStackTrace(log);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", JSON + "; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            answered.incrementAndGet();
        }
    }

    private String route(HttpExchange exchange) throws IOException {
        if (RequestExecutor.overloaded()) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            throw new HttpError(503, overloadMessage);
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        return switch (path) {
            case "/predict" -> {
                allow(method, "POST", path);
                yield predict(exchange);
            }
            case "/model" -> {
                allow(method, "GET", path);
                yield modelJson;
            }
            case "/health" -> {
                allow(method, "GET", path);
                yield "{\"status\": \"ok\"}";
            }
            default -> throw new HttpError(404, "no such path " + path
                    + "; the server answers POST /predict, GET /model and GET /health");
        };
    }

    private static void allow(String method, String allowed, String path) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, path + " takes " + allowed + ", not " + method, allowed);
        }
    }

    private String predict(HttpExchange exchange) throws IOException {
        String type = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!type.equals(JSON) && !type.equals(CSV)) {
            throw new HttpError(415, "Content-Type " + type + " is not supported; send " + JSON + " or " + CSV);
        }
        String body = new String(body(exchange), StandardCharsets.UTF_8);
        Integer queryEmbed = PredictRequest.queryEmbed(exchange.getRequestURI().getRawQuery(), model);
        PredictRequest request = type.equals(CSV) ? PredictRequest.fromCsv(body, model, queryEmbed)
                : PredictRequest.fromJson(body, model, queryEmbed);
        float[] y = model.predict(request.x(), request.rows());
        float[] embedding = request.embed() == null ? null
                : model.embed(request.x(), request.rows(), request.embed());
        return Responses.predictions(model, request, y, embedding);
    }

    /**
     * The media type in lower case without parameters; no header counts as JSON. A charset other than UTF-8
     * (or its subset ASCII) is refused rather than misread.
     */
    private static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return JSON;
        }
        String[] parts = header.toLowerCase(Locale.ROOT).split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("charset=")) {
                String charset = p.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("us-ascii")) {
                    throw new HttpError(415, "charset " + charset + " is not supported; send UTF-8");
                }
            }
        }
        return parts[0].strip();
    }

    /** The request body, refused with 413 past the cap: by its declared length before reading, else as read. */
    private byte[] body(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && Long.parseLong(declared.strip()) > maxBodyBytes) {
            throw tooLarge(declared.strip() + " bytes");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge("more than " + maxBodyBytes + " bytes");
            }
            return bytes;
        }
    }

    private HttpError tooLarge(String size) {
        return new HttpError(413, "the request body of " + size + " is over the limit of " + maxBodyBytes
                + " bytes (--max-body-bytes)");
    }
}
