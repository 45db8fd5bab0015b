package dev.lanes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts under bench/scripts fail early and say why: usage without arguments, a missing interpreter or module
 * before any build or JMH run, and workloads without results shown as missing. Nothing here measures or builds.
 */
class ScriptsTest {

    private static final Path SCRIPTS = Path.of(System.getProperty("user.dir"), "scripts").toAbsolutePath();
    private static final String INSTALL_HINT = "python3 -m venv v && v/bin/pip install torch numpy";

    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void scriptsAreHere() {
        assertTrue(Files.isRegularFile(SCRIPTS.resolve("compare.py")), "run from the bench module: " + SCRIPTS);
    }

    /** The Python scripts' tests need a python3 on the PATH (not PyTorch or numpy); without one they are skipped. */
    private static void needPython3() {
        boolean found;
        try {
            found = new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            found = false;
        }
        assumeTrue(found, "python3 is not on the PATH");
    }

    @Test
    void compareShHelpNeedsNoBuild() throws Exception {
        needPython3();
        Run r = run("bash", SCRIPTS.resolve("compare.sh").toString(), "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("usage: compare.py"), r.out());
        assertFalse(r.err().contains("mvnw"), "built before printing usage: " + r.err());
    }

    @Test
    void compareNamesAMissingInterpreterFirst() throws Exception {
        needPython3();
        Run r = run("python3", SCRIPTS.resolve("compare.py").toString(), "--python", tmp.resolve("none").toString(),
                "--jar", tmp.resolve("none.jar").toString());
        assertEquals(1, r.exit());
        assertOneLine(r.err(), "Python interpreter " + tmp.resolve("none") + " not found");
    }

    @Test
    void compareNamesAMissingModule() throws Exception {
        needPython3();
        Run r = run("python3", SCRIPTS.resolve("compare.py").toString(), "--python", pythonWithoutSitePackages(),
                "--jar", tmp.resolve("none.jar").toString());
        assertEquals(1, r.exit());
        assertOneLine(r.err(), "cannot import torch: ModuleNotFoundError: No module named 'torch'");
    }

    @Test
    void gemmCompareChecksNumpyBeforeJmh() throws Exception {
        needPython3();
        Run r = run("python3", SCRIPTS.resolve("gemm_compare.py").toString(), "--python",
                pythonWithoutSitePackages(), "--jar", tmp.resolve("none.jar").toString());
        assertEquals(1, r.exit());
        assertOneLine(r.err(), "cannot import numpy: ModuleNotFoundError: No module named 'numpy'");
    }

    @Test
    void torchWorkloadsHelpNeedsNoTorch() throws Exception {
        needPython3();
        Run r = run("python3", "-S", SCRIPTS.resolve("torch_workloads.py").toString(), "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("usage: torch_workloads.py"), r.out());
        Run without = run("python3", "-S", SCRIPTS.resolve("torch_workloads.py").toString(), "--only", "W2");
        assertEquals(1, without.exit());
        assertOneLine(without.err(), "has no module 'numpy'");
    }

    @Test
    void missingWorkloadsAreRowsAndAFailure() throws Exception {
        needPython3();
        Path saved = savedRunWithoutW5();
        Run r = run("python3", SCRIPTS.resolve("compare.py").toString(), "--from", saved.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("| W5 train 784-512-256-10 b128 | 1 | – | missing (Lanes) |"), r.out());
        assertTrue(r.out().contains("| W5 train 784-512-256-10 b128 | 2 | – | missing (Lanes) |"), r.out());
        assertOneLine(r.err(), "missing results, so targets are unchecked for: W5 at 1 thread(s) (Lanes); "
                + "W5 at 2 thread(s) (Lanes)");
    }

    @Test
    void w7RowsNameThePathThatRan() throws Exception {
        needPython3();
        Run r = run("python3", SCRIPTS.resolve("compare.py").toString(), "--from", savedRunWithoutW5().toString());
        assertTrue(r.out().contains("| W7 train 64-128(BN)-64(LN)-10 Adam b32 | 1 | autograd | 100 µs | 700 µs | "
                + "7.00x | – | – | 274,000 |"), r.out());
        assertTrue(r.out().contains("| W7 train 784-512(BN)-256(LN)-10 Adam b128 | 2 | trainstep | 4,000 µs | "
                + "8,000 µs | 2.00x | – | – | 4,000,000 |"), r.out());
    }

    @Test
    void onlyW7IsMeasuredAndPrintedAlone() throws Exception {
        needPython3();
        Run r = run("python3", SCRIPTS.resolve("compare.py").toString(), "--from", savedW7Run().toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(8, r.out().lines().filter(l -> l.startsWith("| W7 ")).count(), "4 rows per table:\n" + r.out());
        assertFalse(r.out().contains("| W5"), r.out());
        assertFalse(r.out().contains("missing"), r.out());
    }

    @Test
    void unknownOnlyIsRefusedBeforeTheBuild() throws Exception {
        needPython3();
        Run r = run("bash", SCRIPTS.resolve("compare.sh").toString(), "--only", "W5,W8");
        assertEquals(1, r.exit());
        assertOneLine(r.err(), "--only: unknown workload 'W8'; expected some of W1,W2,W3,W4,W5,W6,W7");
        assertFalse(r.err().contains("mvnw"), "built before refusing: " + r.err());
    }

    @Test
    void shellScriptsWithoutArgumentsPrintUsage() throws Exception {
        for (String script : List.of("probe.sh", "backward-products-ab.sh", "gemm-blocking-ab.sh", "w3-ab.sh")) {
            Run r = run("bash", SCRIPTS.resolve(script).toString());
            assertEquals(2, r.exit(), script + ": " + r.err());
            assertTrue(r.err().startsWith("usage: bash bench/scripts/" + script), r.err());
        }
    }

    @Test
    void compareSmileHasUsageAndRefusesUnknownOptions() throws Exception {
        Run help = run("bash", SCRIPTS.resolve("compare-smile.sh").toString(), "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("usage: bash bench/scripts/compare-smile.sh [--out DIR]"), help.out());
        Run quick = run("bash", SCRIPTS.resolve("compare-smile.sh").toString(), "--quick");
        assertEquals(2, quick.exit());
        assertOneLine(quick.err(), "unknown option '--quick'; usage:");
    }

    private static void assertOneLine(String err, String expected) {
        assertEquals(1, err.strip().lines().count(), "expected one line:\n" + err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in:\n" + err);
        assertFalse(err.contains("Traceback"), err);
    }

    /** An interpreter that sees no installed packages (no numpy, no torch): python3 -S behind a script. */
    private String pythonWithoutSitePackages() throws IOException {
        Path python = tmp.resolve("bare-python");
        Files.writeString(python, "#!/bin/sh\nexec python3 -S \"$@\"\n");
        assertTrue(python.toFile().setExecutable(true));
        return python.toString();
    }

    /** A --out folder as compare.py writes it, every workload measured but W5 (as when its benchmark failed). */
    private Path savedRunWithoutW5() throws IOException {
        List<String> results = new ArrayList<>();
        for (String w : List.of("W1", "W2")) {
            for (String path : List.of("autograd", "trainstep")) {
                results.add(result("SeedStepBenchmark", "\"workload\": \"" + w + "\", \"path\": \"" + path + "\"",
                        "us/op", 2));
            }
        }
        results.add(result("RawAutogradBenchmark", "", "ms/op", 9));
        results.add(result("DigitsEpochBenchmark", "\"path\": \"trainstep\"", "ms/op", 3));
        for (String model : List.of("b1-64", "b1-784", "b256-784")) {
            for (String threads : List.of("1", "2")) {
                results.add(result("InferenceBenchmark", "\"model\": \"" + model + "\", \"threads\": \"" + threads
                        + "\", \"path\": \"predictor\"", "us/op", 20));
            }
        }
        results.addAll(w7Results());
        Path dir = Files.createDirectories(tmp.resolve("saved"));
        Files.writeString(dir.resolve("jmh.json"), "[" + String.join(",\n", results) + "]");
        String one = "{\"torch\": \"x\", \"threads\": 1, \"w4_test_accuracy\": 0.96, \"results\": {\"W1\": 2e-4, "
                + "\"W2\": 3e-4, \"W3\": 1.4, \"W4\": 0.024, \"W5\": 0.004, \"W6-b1-64\": 2.4e-5, "
                + "\"W6-b1-784\": 6e-5, \"W6-b256-784\": 3e-3, " + W7_TORCH + "}}";
        String two = "{\"torch\": \"x\", \"threads\": 2, \"results\": {\"W5\": 0.003, \"W6-b1-64\": 2.4e-5, "
                + "\"W6-b1-784\": 6e-5, \"W6-b256-784\": 2e-3, " + W7_TORCH + "}}";
        writeTorchRuns(dir, one, two);
        Files.writeString(dir.resolve("lanes-accuracy.json"), "{\"test_accuracy\": 0.96}\n");
        return dir;
    }

    private static final String W7_TORCH = "\"W7-b128-784\": 8e-3, \"W7-b32-64\": 7e-4";

    /** A --out folder of {@code compare.py --only W7}: no other workload, no W4 accuracy file. */
    private Path savedW7Run() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("saved-w7"));
        Files.writeString(dir.resolve("jmh.json"), "[" + String.join(",\n", w7Results()) + "]");
        writeTorchRuns(dir, "{\"torch\": \"x\", \"threads\": 1, \"results\": {" + W7_TORCH + "}}",
                "{\"torch\": \"x\", \"threads\": 2, \"results\": {" + W7_TORCH + "}}");
        Files.writeString(dir.resolve("workloads.txt"), "W7\n");
        return dir;
    }

    private static void writeTorchRuns(Path dir, String one, String two) throws IOException {
        Files.writeString(dir.resolve("torch-1.json"), "{\"before\": " + one + ", \"after\": " + one + "}");
        Files.writeString(dir.resolve("torch-2.json"), "{\"before\": " + two + ", \"after\": " + two + "}");
    }

    /** W7's four results with path=auto; the step counters say which path ran (trainstep for b128 at 2 threads). */
    private static List<String> w7Results() {
        List<String> results = new ArrayList<>();
        for (String model : List.of("b128-784", "b32-64")) {
            for (String threads : List.of("1", "2")) {
                boolean fused = model.equals("b128-784") && threads.equals("2");
                String counts = "\"trainstepSteps\": {\"score\": " + (fused ? 900 : 0) + "}, \"autogradSteps\": "
                        + "{\"score\": " + (fused ? 0 : 900) + "}, \"gc.alloc.rate.norm\": {\"score\": "
                        + (model.equals("b32-64") ? 274000 : 4000000) + "}";
                results.add(result("NormMlpTrainBenchmark", "\"model\": \"" + model + "\", \"threads\": \""
                        + threads + "\", \"path\": \"auto\"", "us/op", model.equals("b32-64") ? 100 : 4000, counts));
            }
        }
        return results;
    }

    private static String result(String benchmark, String params, String unit, double score) {
        return result(benchmark, params, unit, score, "");
    }

    private static String result(String benchmark, String params, String unit, double score, String secondary) {
        return "{\"benchmark\": \"dev.lanes.bench.workloads." + benchmark + ".run\", \"params\": {" + params + "}, "
                + "\"primaryMetric\": {\"scoreUnit\": \"" + unit + "\", \"rawData\": [[" + score + ", " + score
                + "]]}, \"secondaryMetrics\": {" + secondary + "}}";
    }

    private Run run(String... command) throws IOException, InterruptedException {
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) { // e.g. a script that starts measuring instead of printing usage
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s; stopped");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
