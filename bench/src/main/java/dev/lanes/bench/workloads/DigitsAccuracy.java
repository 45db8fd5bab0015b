package dev.lanes.bench.workloads;

import java.util.Locale;

/**
 * W4's accuracy half: trains the digits MLP for 20 epochs from fresh weights, once per seed 0..{@value #SEEDS}-1,
 * and prints {@code {"epochs": 20, "seeds": 3, "test_accuracy": mean}} (one JSON line, read by
 * bench/scripts/compare.py). One seed's accuracy moves by about a point with the initial weights, so the mean is
 * what is compared. Run from the repository root with {@code java --add-modules=jdk.incubator.vector -cp
 * bench/target/benchmarks.jar dev.lanes.bench.workloads.DigitsAccuracy}.
 */
public final class DigitsAccuracy {

    static final int EPOCHS = 20;
    static final int SEEDS = 3;

    private DigitsAccuracy() {
    }

    public static void main(String[] args) {
        Nets.requireVector(1);
        Digits data = Digits.load();
        double sum = 0;
        StringBuilder each = new StringBuilder();
        for (int seed = 0; seed < SEEDS; seed++) {
            DigitsTraining training = new DigitsTraining(data, seed, "autograd");
            for (int e = 0; e < EPOCHS; e++) {
                training.epoch();
            }
            double acc = training.testAccuracy();
            sum += acc;
            each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", acc));
        }
        System.out.printf(Locale.ROOT, "{\"epochs\": %d, \"seeds\": %d, \"each\": [%s], \"test_accuracy\": %.4f}%n",
                EPOCHS, SEEDS, each, sum / SEEDS);
    }
}
