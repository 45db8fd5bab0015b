package dev.lanes.bench.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.kernel.Kernels;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NormMlpTrainBenchmarkTest {

    @AfterEach
    void oneThreadAgain() {
        Kernels.setThreads(1);
    }

    /** Without the restart JMH's seconds train one batch far past PyTorch's steps (into subnormal Adam moments). */
    @Test
    void trainingStartsAgainFromTheSameWeightsEveryRestartSteps() {
        NormMlpTraining training = new NormMlpTraining(Nets.NORM_DIGITS, "auto");
        Tensor x = Tensor.rand(1, 32, 64);
        Tensor y = Nets.classIds(2, 32, 10);
        float first = training.step(x, y);
        float second = training.step(x, y);
        for (int step = 3; step <= NormMlpTraining.RESTART_STEPS; step++) {
            training.step(x, y);
        }
        assertNotEquals(first, second);
        assertEquals(first, training.step(x, y));
        assertEquals(second, training.step(x, y));
    }

    @Test
    void autoIsTheFusedStepWhenTrainStepPlansTheModel() {
        Sequential dense = Nets.build(Nets.DIGITS);
        assertEquals("trainstep", TrainingPath.resolve("auto", dense, new CrossEntropyLoss(),
                new Adam(dense.parameters(), 1e-3f)));
        Sequential normed = Nets.build(Nets.NORM_DIGITS); // its norms run in the TrainStep plan
        assertEquals("trainstep", TrainingPath.resolve("auto", normed, new CrossEntropyLoss(),
                new Adam(normed.parameters(), 1e-3f)));
        Sequential after = Nets.build(Nets.NORM_DIGITS_AFTER); // its norms after the ReLUs too
        assertEquals("trainstep", TrainingPath.resolve("auto", after, new CrossEntropyLoss(),
                new Adam(after.parameters(), 1e-3f)));
        assertEquals("autograd", TrainingPath.resolve("autograd", normed, new CrossEntropyLoss(),
                new Adam(normed.parameters(), 1e-3f)));
    }

    @Test
    void everyStepIsCountedForThePathThatRan() {
        NormMlpTrainBenchmark b = benchmark("b32-64");
        b.setUp();
        var counts = new NormMlpTrainBenchmark.PathCounts();
        for (int i = 0; i < 3; i++) {
            b.step(counts);
        }
        Sequential normed = Nets.build(Nets.NORM_DIGITS);
        boolean fused = TrainingPath.resolve("auto", normed, new CrossEntropyLoss(),
                new Adam(normed.parameters(), 1e-3f)).equals("trainstep");
        assertEquals(fused ? 3 : 0, counts.trainstepSteps);
        assertEquals(fused ? 0 : 3, counts.autogradSteps);
    }

    @Test
    void theNetWithNormsAfterItsActivationsRunsTheFusedStep() {
        NormMlpTrainBenchmark b = benchmark("b32-64-after");
        b.setUp();
        var counts = new NormMlpTrainBenchmark.PathCounts();
        b.step(counts);
        assertEquals(1, counts.trainstepSteps);
    }

    @Test
    void badModelIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, benchmark("b64-784")::setUp);
        assertEquals("model must be b128-784, b32-64 or b32-64-after, got b64-784", e.getMessage());
    }

    private static NormMlpTrainBenchmark benchmark(String model) {
        NormMlpTrainBenchmark b = new NormMlpTrainBenchmark();
        b.model = model;
        b.threads = "1";
        b.path = "auto";
        return b;
    }
}
