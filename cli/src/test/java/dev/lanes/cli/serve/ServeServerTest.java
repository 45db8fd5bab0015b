package dev.lanes.cli.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Argmax;
import dev.lanes.infer.Predictor;
import dev.lanes.io.Json;
import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server on an ephemeral port for the class: right answers, refused requests, many clients at once. */
class ServeServerTest {

    static final int MAX_BODY = 2048;

    @TempDir
    static Path dir;
    static Path file;
    static Sequential servedNet;
    static Map<String, float[]> parametersAtStart;
    static ServeServer server;
    static URI url;
    static ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws IOException {
        file = TinyModel.save(dir);
        Predictor predictor = Predictor.load(file);
        servedNet = (Sequential) predictor.module();
        parametersAtStart = snapshot(servedNet);
        server = ServeServer.start(new PredictorModel(predictor), file.toString(),
                new ServeServer.Settings("127.0.0.1", 0, 4, 64, MAX_BODY), new PrintWriter(log, true));
        url = server.url();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        assertTrue(server.stop(5));
        assertEquals("", log.toString(StandardCharsets.UTF_8), "no internal errors were logged");
    }

    private static Map<String, float[]> snapshot(Sequential net) {
        Map<String, float[]> m = new LinkedHashMap<>();
        net.stateDict().forEach((k, t) -> m.put(k, t.toArray()));
        return m;
    }

    @Test
    void jsonPredictionsEqualTheModelsOwnWithClassAndLabel() throws Exception {
        float[] x = TinyModel.randomRows(1, 5);
        HttpResponse<String> r = Http.post(url, "/predict", "application/json", TinyModel.jsonBody(x, 5));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        float[] want = TinyModel.expected(file, x, 5, null);
        List<Map<String, Object>> got = TinyModel.predictions(r.body());
        assertEquals(5, got.size());
        for (int row = 0; row < 5; row++) {
            float[] outputs = TinyModel.floats(got.get(row).get("outputs"));
            assertArrayEquals(java.util.Arrays.copyOfRange(want, row * 3, row * 3 + 3), outputs);
            int best = Argmax.of(outputs);
            assertEquals(best, ((Number) got.get(row).get("class")).intValue());
            assertEquals(TinyModel.CLASSES.get(best), got.get(row).get("label"));
            assertTrue(!got.get(row).containsKey("embedding"));
        }
    }

    @Test
    void embedReturnsTheHiddenLayersActivations() throws Exception {
        float[] x = TinyModel.randomRows(2, 3);
        String body = TinyModel.jsonBody(x, 3).replace("]]}", "]], \"embed\": 1}");
        HttpResponse<String> r = Http.post(url, "/predict", "application/json", body);
        assertEquals(200, r.statusCode(), r.body());
        float[] hidden = TinyModel.expected(file, x, 3, 1);
        List<Map<String, Object>> got = TinyModel.predictions(r.body());
        for (int row = 0; row < 3; row++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(hidden, row * 8, row * 8 + 8),
                    TinyModel.floats(got.get(row).get("embedding")));
        }
        // the same through ?embed= on the URL
        HttpResponse<String> q = Http.post(url, "/predict?embed=1", "application/json", TinyModel.jsonBody(x, 3));
        assertEquals(r.body(), q.body());
    }

    @Test
    void csvRowsAreReadByFeatureNameLikeLanesPredict() throws Exception {
        float[] x = TinyModel.randomRows(3, 2);
        // columns shuffled and the target present: the server picks a, b, c, d by name
        StringBuilder csv = new StringBuilder("species,d,c,b,a\n");
        for (int r = 0; r < 2; r++) {
            csv.append("x,").append(x[r * 4 + 3]).append(',').append(x[r * 4 + 2]).append(',').append(x[r * 4 + 1])
                    .append(',').append(x[r * 4]).append('\n');
        }
        HttpResponse<String> r = Http.post(url, "/predict", "text/csv; charset=utf-8", csv.toString());
        assertEquals(200, r.statusCode(), r.body());
        HttpResponse<String> json = Http.post(url, "/predict", "application/json", TinyModel.jsonBody(x, 2));
        assertEquals(json.body(), r.body());
    }

    @Test
    void aRegressionModelAnswersWithValueNotClass() throws Exception {
        Path regression = dir.resolve("regression.safetensors");
        String spec = "4-8-1:relu,none";
        ModelFile.save(regression, ModelSpec.parse(spec, 3),
                new ModelMetadata(spec, List.of(), TinyModel.FEATURES, "y", null, null));
        ServeServer other = ServeServer.start(PredictorModel.open(regression, null), regression.toString(),
                new ServeServer.Settings("127.0.0.1", 0, 1, 4, MAX_BODY), new PrintWriter(log, true));
        try {
            HttpResponse<String> r = Http.post(other.url(), "/predict", "application/json",
                    TinyModel.jsonBody(TinyModel.randomRows(8, 2), 2));
            assertEquals(200, r.statusCode(), r.body());
            for (Map<String, Object> p : TinyModel.predictions(r.body())) {
                assertEquals(Set.of("value", "outputs"), p.keySet());
                assertEquals(1, TinyModel.floats(p.get("outputs")).length);
                assertEquals(TinyModel.floats(p.get("outputs"))[0],
                        Float.parseFloat(p.get("value").toString()));
            }
        } finally {
            assertTrue(other.stop(5));
        }
    }

    /** A BatchNorm without running statistics cannot normalise one row: a 400 saying so, not a 500. */
    @Test
    void aBatchStatisticsModelRefusesASingleRowWith400() throws Exception {
        Path batchStatistics = dir.resolve("batch-statistics.safetensors");
        String spec = "linear(4,6) batchnorm1d(6,track_running_stats=false) relu linear(6,3)";
        ModelFile.save(batchStatistics, ModelSpec.parse(spec, 3),
                new ModelMetadata(spec, TinyModel.CLASSES, TinyModel.FEATURES, "species", null, null));
        ServeServer other = ServeServer.start(PredictorModel.open(batchStatistics, null), batchStatistics.toString(),
                new ServeServer.Settings("127.0.0.1", 0, 1, 4, MAX_BODY), new PrintWriter(log, true));
        try {
            HttpResponse<String> one = Http.post(other.url(), "/predict", "application/json",
                    TinyModel.jsonBody(TinyModel.randomRows(8, 1), 1));
            assertEquals(400, one.statusCode(), one.body());
            assertEquals(Map.of("error", "layer 1 (BatchNorm1d) of this model normalises by its batch (no running"
                    + " statistics) and needs at least 2 rows per request, got 1"), Json.parse(one.body()));
            HttpResponse<String> two = Http.post(other.url(), "/predict", "application/json",
                    TinyModel.jsonBody(TinyModel.randomRows(8, 2), 2));
            assertEquals(200, two.statusCode(), two.body());
        } finally {
            assertTrue(other.stop(5));
        }
    }

    @Test
    void modelAndHealthDescribeTheServer() throws Exception {
        HttpResponse<String> health = Http.get(url, "/health");
        assertEquals(200, health.statusCode());
        assertEquals(Map.of("status", "ok"), Json.parse(health.body()));
        HttpResponse<String> model = Http.get(url, "/model");
        assertEquals(200, model.statusCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(model.body());
        assertEquals(TinyModel.SPEC, m.get("spec"));
        assertEquals(4, ((Number) m.get("inputs")).intValue());
        assertEquals(3, ((Number) m.get("outputs")).intValue());
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, ((Number) m.get("parameters")).intValue());
        assertEquals(TinyModel.CLASSES, m.get("classes"));
        assertEquals(TinyModel.FEATURES, m.get("features"));
        assertEquals("species", m.get("target"));
        assertEquals(Boolean.TRUE, m.get("standardized"));
        List<?> layers = (List<?>) m.get("layers");
        assertEquals(3, layers.size());
        assertEquals(8, ((Number) ((Map<?, ?>) layers.get(1)).get("width")).intValue());
    }

    record Bad(String name, String method, String path, String contentType, String body, int status,
            String errorContains) {
    }

    static List<Bad> badRequests() {
        String json = "application/json";
        return List.of(
                new Bad("malformed JSON", "POST", "/predict", json, "{\"inputs\": [[1, 2,", 400, "malformed JSON"),
                new Bad("nested too deep", "POST", "/predict", json, "[".repeat(MAX_BODY - 1), 400,
                        "nested deeper than"),
                new Bad("not an object", "POST", "/predict", json, "[[1, 2, 3, 4]]", 400, "expected a JSON object"),
                new Bad("no inputs", "POST", "/predict", json, "{}", 400, "\"inputs\" must be an array"),
                new Bad("unknown field", "POST", "/predict", json, "{\"input\": [[1,2,3,4]]}", 400,
                        "unknown field \"input\""),
                new Bad("empty inputs", "POST", "/predict", json, "{\"inputs\": []}", 400, "is empty"),
                new Bad("flat row", "POST", "/predict", json, "{\"inputs\": [1, 2, 3, 4]}", 400,
                        "inputs[0] must be an array of 4 numbers"),
                new Bad("wrong width", "POST", "/predict", json, "{\"inputs\": [[1,2,3,4],[1,2,3]]}", 400,
                        "inputs[1] has 3 values but the model takes 4"),
                new Bad("NaN", "POST", "/predict", json, "{\"inputs\": [[1, NaN, 3, 4]]}", 400, "malformed JSON"),
                new Bad("Infinity", "POST", "/predict", json, "{\"inputs\": [[1, Infinity, 3, 4]]}", 400,
                        "malformed JSON"),
                new Bad("beyond float", "POST", "/predict", json, "{\"inputs\": [[1, 1e39, 3, 4]]}", 400,
                        "inputs[0][1] = 1E+39 is beyond the float range"),
                new Bad("string value", "POST", "/predict", json, "{\"inputs\": [[1, \"2\", 3, 4]]}", 400,
                        "inputs[0][1] is a string"),
                new Bad("embed out of range", "POST", "/predict", json, "{\"inputs\": [[1,2,3,4]], \"embed\": 3}",
                        400, "embed layer 3 is out of range: the model has 3 layers"),
                new Bad("embed not integer", "POST", "/predict", json, "{\"inputs\": [[1,2,3,4]], \"embed\": 0.5}",
                        400, "\"embed\" must be a layer index"),
                new Bad("embed disagrees", "POST", "/predict?embed=0", json,
                        "{\"inputs\": [[1,2,3,4]], \"embed\": 1}", 400, "in the body but ?embed=0"),
                new Bad("unknown query", "POST", "/predict?debug=1", json, "{\"inputs\": [[1,2,3,4]]}", 400,
                        "unknown query parameter 'debug=1'"),
                new Bad("CSV NaN", "POST", "/predict", "text/csv", "a,b,c,d\n1,2,NaN,4\n", 400,
                        "request body line 2, column 'c' (3): NaN is not allowed"),
                new Bad("CSV without header", "POST", "/predict", "text/csv", "1,2,3,4\n5,6,7,8\n", 400,
                        "needs a header row"),
                new Bad("CSV wrong width", "POST", "/predict", "text/csv", "x,y\n1,2\n", 400,
                        "request body lacks 4 of the 4 feature columns the model was trained on"),
                new Bad("CSV ragged", "POST", "/predict", "text/csv", "a,b,c,d\n1,2,3\n", 400,
                        "line 2: 3 values, but the header has 4 columns"),
                new Bad("oversized", "POST", "/predict", json, "{\"inputs\": [[" + "1,".repeat(MAX_BODY) + "1]]}",
                        413, "over the limit of " + MAX_BODY + " bytes"),
                new Bad("unsupported type", "POST", "/predict", "text/plain", "1,2,3,4", 415,
                        "Content-Type text/plain is not supported"),
                new Bad("other charset", "POST", "/predict", "application/json; charset=utf-16", "{}", 415,
                        "charset utf-16"),
                new Bad("unknown path", "GET", "/predictions", null, null, 404, "no such path /predictions"),
                new Bad("GET predict", "GET", "/predict", null, null, 405, "/predict takes POST, not GET"),
                new Bad("POST health", "POST", "/health", json, "{}", 405, "/health takes GET, not POST"),
                new Bad("DELETE model", "DELETE", "/model", null, null, 405, "/model takes GET, not DELETE"));
    }

    @Test
    void everyBadRequestGetsItsStatusAndOneLineJsonErrorAndTheServerCarriesOn() throws Exception {
        float[] x = TinyModel.randomRows(4, 1);
        String good = TinyModel.jsonBody(x, 1);
        String before = Http.post(url, "/predict", "application/json", good).body();
        for (Bad bad : badRequests()) {
            HttpResponse<String> r = Http.send(url, bad.path(), bad.method(), bad.contentType(), bad.body());
            assertEquals(bad.status(), r.statusCode(), bad.name() + ": " + r.body());
            assertEquals(1, r.body().lines().count(), bad.name() + ": " + r.body());
            Object error = ((Map<?, ?>) Json.parse(r.body())).get("error");
            assertTrue(error instanceof String s && s.contains(bad.errorContains()), bad.name() + ": " + r.body());
            if (bad.status() == 405) {
                String allowed = bad.path().equals("/predict") ? "POST" : "GET";
                assertEquals(allowed, r.headers().firstValue("Allow").orElse(null), bad.name());
            }
            assertEquals(before, Http.post(url, "/predict", "application/json", good).body(), bad.name());
        }
        assertEquals(parametersAtStart.keySet(), snapshot(servedNet).keySet());
        snapshot(servedNet).forEach((k, v) -> assertArrayEquals(parametersAtStart.get(k), v, k));
    }

    /** The status line the server answers a raw HTTP/1.1 request with. */
    private static String statusLine(String request) throws IOException {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeTheBodyIsSent() throws Exception {
        assertEquals("HTTP/1.1 413", statusLine("POST /predict HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n"));
        assertEquals(200, Http.get(url, "/health").statusCode());
    }

    @Test
    void aChunkedBodyIsRefusedOnceItPassesTheCap() throws Exception {
        String chunk = "1,".repeat(MAX_BODY / 4);
        String chunks = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(3);
        assertEquals("HTTP/1.1 413", statusLine("POST /predict HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n"));
        assertEquals(200, Http.get(url, "/health").statusCode());
    }

    @Test
    void manyClientsAtOnceEachGetTheirOwnRightAnswers() throws Exception {
        int clients = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        int rows = 1 + (client + i) % 4;
                        float[] x = TinyModel.randomRows(1000L * client + i, rows);
                        HttpResponse<String> r = Http.post(url, "/predict", "application/json",
                                TinyModel.jsonBody(x, rows));
                        assertEquals(200, r.statusCode(), r.body());
                        float[] want = TinyModel.expected(file, x, rows, null);
                        List<Map<String, Object>> got = TinyModel.predictions(r.body());
                        for (int row = 0; row < rows; row++) {
                            assertArrayEquals(java.util.Arrays.copyOfRange(want, row * 3, row * 3 + 3),
                                    TinyModel.floats(got.get(row).get("outputs")));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
