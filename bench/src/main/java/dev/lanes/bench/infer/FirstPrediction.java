package dev.lanes.bench.infer;

import dev.lanes.infer.Predictor;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Start-up probe for {@code bench/scripts/startup.sh}: loads a model file and predicts one row of zeros, printing the
 * wall-clock time (epoch nanoseconds) on entering main, after loading and after the first answer, so the script can
 * subtract the moment it launched the JVM.
 */
public final class FirstPrediction {

    private FirstPrediction() {
    }

    public static void main(String[] args) throws Exception {
        long main = epochNanos();
        Predictor model = Predictor.load(Path.of(args[0]));
        long loaded = epochNanos();
        String label = model.predictLabel(new float[model.inputWidth()]);
        long predicted = epochNanos();
        System.out.println("epoch-ns main " + main + " loaded " + loaded + " predicted " + predicted + " label " + label);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
