package dev.lanes.cli.serve;

import dev.lanes.cli.Plural;
import dev.lanes.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lanes serve}: answers predictions over HTTP until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = dev.lanes.cli.VersionInfo.class,
        sortOptions = false,
        description = {"Serve a model over HTTP: POST /predict, GET /model, GET /health.",
            "POST /predict takes JSON {\"inputs\": [[...], ...]} (\"embed\": LAYER adds that layer's activations) or"
                + " CSV with a header. Stops on SIGTERM or Ctrl-C, letting requests in progress finish."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (safetensors).")
    Path model;

    @Option(names = "--spec", paramLabel = "SPEC", description = "Architecture of a file that carries none (PyTorch).")
    String architecture;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one, printed at start).")
    int port;

    @Option(names = "--request-threads", paramLabel = "N",
            description = "Threads answering requests (default: the number of processors); not the kernel"
                    + " threads that train's --threads sets.")
    Integer requestThreads;

    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "256",
            description = "Requests that may wait for a thread (default: ${DEFAULT-VALUE}); beyond, 503.")
    int maxQueue;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body (default: ${DEFAULT-VALUE}, 1 MiB); beyond, 413.")
    long maxBodyBytes;

    @Option(names = "--request-timeout", paramLabel = "S", defaultValue = "30",
            description = "Longest a client may take to send a request, headers and body (default:"
                    + " ${DEFAULT-VALUE}); a slower one is disconnected, so it cannot hold a request thread.")
    int requestTimeout;

    @Option(names = "--grace-seconds", paramLabel = "S", defaultValue = "5",
            description = "On shutdown, how long requests in progress may take to finish (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        int threads = requestThreads != null ? requestThreads : Runtime.getRuntime().availableProcessors();
        if (graceSeconds < 0) {
            throw new UserError("--grace-seconds must be 0 or more, got " + graceSeconds);
        }
        if (requestTimeout < 1) {
            throw new UserError("--request-timeout must be at least 1 second, got " + requestTimeout);
        }
        // The JDK server reads its limits once, when it is first used: set before the server class loads.
        System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(requestTimeout));
        ServeServer.Settings settings = new ServeServer.Settings(host, port, threads, maxQueue, maxBodyBytes);
        PredictorModel served = PredictorModel.open(model, architecture);
        ServeServer server = ServeServer.start(served, model.toString(), settings, spec.commandLine().getErr());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                boolean clean = server.stop(graceSeconds);
                long n = server.answered();
                out.println("lanes serve: stopped after " + Plural.count(n, "request")
                        + (clean ? "" : " (requests still running after " + graceSeconds + " s were cut off)"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "lanes-serve-shutdown"));
        out.println("lanes serve: " + model + " (" + Plural.count(served.inputs(), "input") + ", "
                + Plural.count(served.outputs(), "output") + ") at " + server.url() + " with "
                + Plural.count(threads, "request thread") + "; Ctrl-C stops");
        stopped.await();
        return 0;
    }
}
