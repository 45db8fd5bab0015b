package dev.lanes.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests held in flight by a gated model: a full queue answers 503, and stopping waits for them. */
class ServeOverloadTest {

    @TempDir
    Path dir;

    private ServeServer start(GatedModel model, int threads, int queue) throws Exception {
        return ServeServer.start(model, "gated", new ServeServer.Settings("127.0.0.1", 0, threads, queue, 1 << 20),
                new PrintWriter(new StringWriter()));
    }

    private GatedModel gated() throws Exception {
        return new GatedModel(PredictorModel.open(TinyModel.save(dir), null));
    }

    private static CompletableFuture<HttpResponse<String>> predictLater(ServeServer server, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Http.post(server.url(), "/predict", "application/json", body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aFullQueueAnswers503AndTheHeldRequestsStillSucceed() throws Exception {
        GatedModel model = gated();
        ServeServer server = start(model, 1, 1);
        try {
            String body = TinyModel.jsonBody(TinyModel.randomRows(5, 1), 1);
            CompletableFuture<HttpResponse<String>> running = predictLater(server, body);
            assertTrue(model.entered.tryAcquire(10, TimeUnit.SECONDS), "the first request reached the model");
            CompletableFuture<HttpResponse<String>> waiting = predictLater(server, body);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.queued() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, server.queued(), "the second request waits in the queue");

            HttpResponse<String> refused = Http.post(server.url(), "/predict", "application/json", body);
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().startsWith("{\"error\": \"overloaded: all 1 request threads are busy"),
                    refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));

            model.gate.countDown();
            assertEquals(200, running.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(200, waiting.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(200, Http.get(server.url(), "/health").statusCode());
        } finally {
            model.gate.countDown();
            server.stop(5);
        }
    }

    @Test
    void stoppingLetsARequestInProgressFinish() throws Exception {
        GatedModel model = gated();
        ServeServer server = start(model, 2, 4);
        String body = TinyModel.jsonBody(TinyModel.randomRows(6, 2), 2);
        CompletableFuture<HttpResponse<String>> inFlight = predictLater(server, body);
        assertTrue(model.entered.tryAcquire(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
            try {
                return server.stop(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200); // stop() is now waiting on the request in flight
        assertTrue(!stopped.isDone(), "stop waits for the request in progress");
        model.gate.countDown();
        HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, TinyModel.predictions(r.body()).size());
        assertTrue(stopped.get(10, TimeUnit.SECONDS), "every request finished within the grace period");
    }
}
