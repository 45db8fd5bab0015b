package dev.lanes.cli.serve;

import com.sun.net.httpserver.HttpServer;
import dev.lanes.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** A running model server: the JDK's HTTP server on {@link RequestExecutor}'s threads, routed by {@link ServeHandler}. */
final class ServeServer {

    /**
     * Where and how to serve.
     *
     * @param host           address to bind (127.0.0.1: this machine only)
     * @param port           port to bind; 0 picks a free one
     * @param requestThreads threads answering requests
     * @param maxQueue       requests that may wait for a thread; beyond that the answer is 503
     * @param maxBodyBytes   largest request body; beyond that the answer is 413
     */
    record Settings(String host, int port, int requestThreads, int maxQueue, long maxBodyBytes) {
        Settings {
            if (port < 0 || port > 65535) {
                throw new UserError("--port must be 0 to 65535 (0 picks a free port), got " + port);
            }
            if (requestThreads < 1) {
                throw new UserError("--request-threads must be at least 1, got " + requestThreads);
            }
            if (maxQueue < 1) {
                throw new UserError("--max-queue must be at least 1, got " + maxQueue);
            }
            if (maxBodyBytes < 1) {
                throw new UserError("--max-body-bytes must be at least 1, got " + maxBodyBytes);
            }
        }
    }

    private final HttpServer http;
    private final RequestExecutor executor;
    private final ServeHandler handler;

    private ServeServer(HttpServer http, RequestExecutor executor, ServeHandler handler) {
        this.http = http;
        this.executor = executor;
        this.handler = handler;
    }

    /** Binds and starts answering; {@code log} gets internal errors (bugs) with their stack traces. */
    static ServeServer start(ServedModel model, String file, Settings s, PrintWriter log) throws IOException {
        InetSocketAddress address = new InetSocketAddress(s.host(), s.port());
        if (address.isUnresolved()) {
            throw new UserError("--host " + s.host() + ": unknown host");
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new UserError("cannot listen on " + s.host() + ":" + s.port() + ": " + e.getMessage()
                    + " (another server on that port? --port 0 picks a free one)");
        }
        RequestExecutor executor = new RequestExecutor(s.requestThreads(), s.maxQueue());
        ServeHandler handler = new ServeHandler(model, file, s.maxBodyBytes(), s.requestThreads(), s.maxQueue(),
                log);
        http.createContext("/", handler);
        http.setExecutor(executor);
        http.start();
        return new ServeServer(http, executor, handler);
    }

    /** The base URL, with the port actually bound. */
    URI url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getHostString().contains(":") ? "[" + a.getHostString() + "]" : a.getHostString();
        return URI.create("http://" + host + ":" + a.getPort());
    }

    long answered() {
        return handler.answered();
    }

    /** Requests waiting for a thread right now. */
    int queued() {
        return executor.getQueue().size();
    }

    /**
     * Stops accepting connections, lets requests in progress finish for up to {@code graceSeconds}, then closes
     * what is left. Returns true when every request finished in time.
     */
    boolean stop(int graceSeconds) throws InterruptedException {
        long start = System.nanoTime();
        http.stop(graceSeconds);
        executor.shutdown();
        long left = TimeUnit.SECONDS.toNanos(graceSeconds) - (System.nanoTime() - start);
        return executor.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS);
    }
}
