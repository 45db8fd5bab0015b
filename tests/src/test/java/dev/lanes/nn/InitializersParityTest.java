package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Initializers against PyTorch's {@code torch.nn.init}: gains, fans and the exact bounds and standard deviations
 * each initialiser samples from, recorded by {@code tests/fixtures/init/generate_init_fixtures.py}. The values drawn
 * differ from PyTorch's (other generator), so each sample is checked against the recorded distribution: a uniform
 * sample lies within [low, high] and reaches close to both ends; a normal or truncated sample's mean and std lie
 * within a few standard errors of PyTorch's.
 */
class InitializersParityTest {

    private static final Path FIXTURE = Path.of("fixtures", "init", "init_reference.txt");

    private static List<String[]> records(String kind) throws IOException {
        return Files.readAllLines(FIXTURE).stream()
                .filter(line -> line.startsWith(kind + " "))
                .map(line -> line.split(" "))
                .toList();
    }

    private static int[] shape(String text) {
        return text.equals("-") ? new int[0] : Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void everyNonlinearityHasPyTorchsGain() throws IOException {
        List<String[]> gains = records("gain");
        assertEquals(12 * 6, gains.size(), "12 nonlinearities x 6 params in the fixture");
        for (String[] r : gains) {
            double expected = Double.parseDouble(r[3]);
            double actual = r[2].equals("-") ? Initializers.calculateGain(r[1])
                    : Initializers.calculateGain(r[1], Double.parseDouble(r[2]));
            assertEquals(expected, actual, 1e-15, "calculateGain(" + r[1] + ", " + r[2] + ")");
        }
    }

    @Test
    void unknownNonlinearitiesAreRefusedAsPyTorchRefusesThem() throws IOException {
        List<String[]> errors = records("gain_error");
        assertFalse(errors.isEmpty());
        for (String[] r : errors) {
            String name = r[1].equals("<empty>") ? "" : r[1];
            var e = assertThrows(IllegalArgumentException.class, () -> Initializers.calculateGain(name));
            assertTrue(e.getMessage().contains("unsupported nonlinearity '" + name + "'"), e.getMessage());
        }
    }

    @Test
    void fansAreComputedAsPyTorchComputesThem() throws IOException {
        List<String[]> fans = records("fans");
        assertEquals(10, fans.size());
        for (String[] r : fans) {
            var f = Initializers.calculateFanInAndFanOut(Tensor.zeros(shape(r[1])));
            assertEquals(new Initializers.Fans(Long.parseLong(r[2]), Long.parseLong(r[3])), f, "shape " + r[1]);
        }
        for (String[] r : records("fans_error")) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Initializers.calculateFanInAndFanOut(Tensor.zeros(shape(r[1]))));
            assertTrue(e.getMessage().contains("fewer than 2 dimensions"), e.getMessage());
        }
    }

    static Stream<String> initCases() throws IOException {
        return Files.readAllLines(FIXTURE).stream().filter(line -> line.startsWith("init "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initCases")
    void samplesFollowPyTorchsDistribution(String line) {
        String[] halves = line.split(" \\| ");
        String[] call = halves[0].split(" ");
        String[] expected = halves[1].split(" ");
        Map<String, String> args = new HashMap<>();
        for (int i = 3; i < call.length; i++) {
            String[] kv = call[i].split("=", 2);
            args.put(kv[0], kv[1]);
        }
        Tensor t = Tensor.zeros(shape(call[2]));
        Generator rng = new Generator(line.hashCode());
        run(call[1], t, args, rng);
        double p1 = Double.parseDouble(expected[1]);
        double p2 = Double.parseDouble(expected[2]);
        switch (expected[0]) {
            case "uniform" -> assertUniform(t.storage(), p1, p2);
            case "normal", "moments" -> assertMoments(t.storage(), p1, p2);
            default -> throw new IllegalStateException("unknown distribution in fixture: " + expected[0]);
        }
        if (call[1].equals("trunc_normal")) {
            assertUniformBounds(t.storage(), Double.parseDouble(args.get("a")), Double.parseDouble(args.get("b")));
        }
    }

    private static void run(String function, Tensor t, Map<String, String> args, Generator rng) {
        switch (function) {
            case "uniform" -> Initializers.uniform(t, d(args, "a"), d(args, "b"), rng);
            case "normal" -> Initializers.normal(t, d(args, "mean"), d(args, "std"), rng);
            case "trunc_normal" ->
                    Initializers.truncNormal(t, d(args, "mean"), d(args, "std"), d(args, "a"), d(args, "b"), rng);
            case "xavier_uniform" -> Initializers.xavierUniform(t, d(args, "gain"), rng);
            case "xavier_normal" -> Initializers.xavierNormal(t, d(args, "gain"), rng);
            case "kaiming_uniform" ->
                    Initializers.kaimingUniform(t, d(args, "a"), args.get("mode"), args.get("nonlinearity"), rng);
            case "kaiming_normal" ->
                    Initializers.kaimingNormal(t, d(args, "a"), args.get("mode"), args.get("nonlinearity"), rng);
            default -> throw new IllegalStateException("unknown initialiser in fixture: " + function);
        }
    }

    private static double d(Map<String, String> args, String key) {
        return Double.parseDouble(args.get(key));
    }

    /** Every value in [low, high] (to float rounding). */
    private static void assertUniformBounds(float[] v, double low, double high) {
        double slack = 1e-6 * Math.max(Math.abs(low), Math.abs(high));
        for (float x : v) {
            if (x < low - slack || x > high + slack) {
                throw new AssertionError("value " + x + " outside [" + low + ", " + high + "]");
            }
        }
    }

    /** Within [low, high], and min and max close to the ends: the expected gap is (high - low) / n. */
    private static void assertUniform(float[] v, double low, double high) {
        assertUniformBounds(v, low, high);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double tolerance = 30 * (high - low) / v.length;
        assertEquals(low, min, tolerance, "min of the sample");
        assertEquals(high, max, tolerance, "max of the sample");
    }

    /** Sample mean within 5 standard errors of {@code mean}; sample std within 5 of its own of {@code std}. */
    private static void assertMoments(float[] v, double mean, double std) {
        int n = v.length;
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        double sampleMean = sum / n;
        double squares = 0;
        for (float x : v) {
            squares += (x - sampleMean) * (x - sampleMean);
        }
        double sampleStd = Math.sqrt(squares / (n - 1));
        assertEquals(mean, sampleMean, 5 * std / Math.sqrt(n), "sample mean");
        // the std's standard error is std / sqrt(2n) for a normal; a truncated one has lighter tails, so this is loose
        assertEquals(std, sampleStd, 5 * std / Math.sqrt(2.0 * n), "sample std");
    }
}
