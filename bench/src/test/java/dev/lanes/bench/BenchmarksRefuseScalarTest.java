package dev.lanes.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A benchmark JVM that lost {@code --add-modules=jdk.incubator.vector} (a -jvmArgsAppend on the JMH command line
 * replaces the @Fork one; -f 0 runs in the launcher) must fail in setup, not measure the scalar kernel.
 */
class BenchmarksRefuseScalarTest {

    @Test
    void everyBenchmarkFailsSetupWithoutTheVectorModule() throws Exception {
        String out = runWithoutVectorModule(BenchmarkSetups.class.getName());
        List<String> lines = out.lines().filter(l -> l.startsWith(BenchmarkSetups.PREFIX)).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("dev.lanes.bench.infer.PredictorBenchmark:")),
                "PredictorBenchmark not among the classes found:\n" + out);
        assertTrue(lines.size() >= 8, "expected every benchmark class:\n" + out);
        for (String line : lines) {
            assertTrue(line.contains("IllegalStateException: vector kernel not active")
                    && line.contains(VectorOnly.FLAG), line);
        }
    }

    @Test
    void digitsAccuracyFailsWithoutTheVectorModule() throws Exception {
        String out = runWithoutVectorModule("dev.lanes.bench.workloads.DigitsAccuracy");
        assertTrue(out.contains("IllegalStateException: vector kernel not active"), out);
    }

    /** Runs {@code mainClass} in a JVM with this one's class path and without the incubator module; its output. */
    private static String runWithoutVectorModule(String mainClass) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return out;
    }
}
