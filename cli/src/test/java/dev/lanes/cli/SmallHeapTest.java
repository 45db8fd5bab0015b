package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.ModelMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lanes} in its own JVM with a small heap, as {@code LANES_JAVA_OPTS=-Xmx...} gives it: files whose headers
 * claim far more than they hold, and specs far larger than the heap, end in one line and exit code 2, never an
 * {@link OutOfMemoryError}'s stack trace.
 */
class SmallHeapTest {

    private static final String HUGE_SPEC = "64-40000-40000-10:relu,relu,none";

    @TempDir
    Path dir;

    /** Exit code and standard error of {@code lanes args} in a JVM with a 96 MB heap. */
    private static String[] lanes(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lanes " + String.join(" ", args) + " did not finish");
        // the JVM's own warning about the incubator module is not lanes' output
        String ours = err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("",
                (a, b) -> a + b + "\n");
        return new String[] {Integer.toString(p.exitValue()), ours};
    }

    private static void failsInOneLine(String[] run, String expected) {
        assertEquals("2", run[0], run[1]);
        assertEquals(1, run[1].strip().lines().count(), run[1]);
        assertTrue(run[1].contains(expected), run[1]);
    }

    @Test
    void aModelFileWhoseSpecIsFarLargerThanItsTensorsFailsNamingTheFile() throws Exception {
        Path file = AlteredModels.in(dir).withMetadata("huge-spec.safetensors", ModelMetadata.SPEC, HUGE_SPEC);
        for (String command : new String[] {"info", "predict"}) {
            String[] run = command.equals("info") ? lanes("info", file.toString())
                    : lanes("predict", "--model", file.toString(), "--data", BadModelFilesTest.DIGITS);
            // refused before anything is allocated: the layers' declared shapes are checked against the tensors
            failsInOneLine(run, "lanes " + command + ": " + file + ": its tensors do not fit the architecture '"
                    + HUGE_SPEC + "': tensor '0.weight' is [40000, 64] there but [32, 64] in the file; they fit"
                    + " '64-32-10:relu,none'");
        }
    }

    @Test
    void trainingAModelLargerThanTheHeapSaysHowToGiveItMore() throws Exception {
        String[] run = lanes("train", "--model", HUGE_SPEC);
        failsInOneLine(run, "lanes train: out of memory (");
        assertTrue(run[1].strip().endsWith("; give the JVM more heap, e.g. LANES_JAVA_OPTS=-Xmx8g"), run[1]);
    }

    @Test
    void anIdxHeaderClaimingMoreImagesThanTheFileHoldsFailsBeforeAllocatingThem() throws Exception {
        byte[] lie = ByteBuffer.allocate(16 + 100).putInt(0x803).putInt(1).putInt(46340).putInt(46340).array();
        Path plain = Files.write(dir.resolve("huge-images-idx3-ubyte"), lie);
        Path gzip = dir.resolve("huge-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(lie);
        }
        Path model = AlteredModels.in(dir).good();
        for (Path images : new Path[] {plain, gzip}) {
            failsInOneLine(lanes("predict", "--model", model.toString(), "--data",
                    images.toString()), images + ": truncated or a wrong header: the header announces 2147395600"
                    + " bytes of data but only 100 follow it");
        }
    }
}
