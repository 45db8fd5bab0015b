package dev.lanes.kernel.vector;

import dev.lanes.bench.kernel.PairedBursts;
import dev.lanes.infer.Predictor;
import dev.lanes.kernel.Kernels;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.util.Locale;
import java.util.Random;

/**
 * Serving a network with BatchNorm: the predictor (BatchNorm folded into the Linear layer before it, fused plan)
 * against the module's own forward in eval mode under no-grad (what the predictor ran before folding), in pairs,
 * and the same network without BatchNorm through the predictor for reference.
 *
 * <p>Arguments: rows per call, comma-separated; threads; seconds per case. {@code bash bench/scripts/probe.sh
 * BatchNormServeProbe 1,256 1 4}
 */
public final class BatchNormServeProbe {

    public static void main(String[] args) {
        Kernels.setThreads(Integer.parseInt(args[1]));
        double seconds = Double.parseDouble(args[2]);
        Sequential bn = ModelSpec.parse("linear(784,512) batchnorm1d(512) relu linear(512,256) batchnorm1d(256) relu"
                + " linear(256,10)", 1);
        Sequential plain = ModelSpec.parse("linear(784,512) relu linear(512,256) relu linear(256,10)", 1);
        bn.eval();
        plain.eval();
        Predictor folded = Predictor.of(bn);
        Predictor reference = Predictor.of(plain);
        System.out.println("| rows | predictor, folded µs | module forward µs | forward / folded | no BatchNorm µs |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (String r : args[0].split(",")) {
            int rows = Integer.parseInt(r);
            float[] x = new float[rows * 784];
            Random rnd = new Random(2);
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextFloat();
            }
            Tensor input = Tensor.of(x, rows, 784);
            PairedBursts.Result pair = PairedBursts.measure(() -> folded.predictBatch(x, rows), () -> {
                try (var scope = GradMode.noGrad()) {
                    return bn.forward(input).storage();
                }
            }, seconds, 2_000_000);
            PairedBursts.Result base = PairedBursts.measure(() -> reference.predictBatch(x, rows),
                    () -> folded.predictBatch(x, rows), seconds / 2, 2_000_000);
            System.out.println(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.3f | %.1f |", rows,
                    pair.firstMicros(), pair.secondMicros(), pair.medianRatio(), base.firstMicros()));
        }
    }
}
