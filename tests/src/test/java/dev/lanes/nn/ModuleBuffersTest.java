package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.layers.BatchNorm1d;
import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.layers.optim.Adam;
import dev.lanes.spi.ModelSpec;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Module buffers, through BatchNorm's: saved and loaded with the parameters under PyTorch's names, invisible to
 * optimizers, gradient clipping and freezing; and a model holding them runs through module forward, not the fused
 * plans, in training and prediction.
 */
class ModuleBuffersTest {

    static final String SPEC = "linear(4,6) batchnorm1d(6) relu linear(6,3)";

    static Sequential model() {
        return ModelSpec.parse(SPEC, 7);
    }

    @Test
    void theStateDictHoldsParametersThenBuffersPerModuleUnderPyTorchsNames() {
        Sequential net = model();
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.weight", "3.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"),
                List.copyOf(net.namedBuffers().keySet()));
        assertEquals(Set.of("1.num_batches_tracked"), net.int64BufferNames());
        assertArrayEquals(new int[0], net.stateDict().get("1.num_batches_tracked").shape());
        net.namedBuffers().values().forEach(b -> assertFalse(b.requiresGrad()));
    }

    @Test
    void loadStateDictCopiesBuffersAndNamesMissingOnes() {
        Sequential source = model();
        source.forward(Tensor.randn(1, 5, 4)); // moves the running statistics
        Sequential target = model();
        target.loadStateDict(source.stateDict());
        assertArrayEquals(source.namedBuffers().get("1.running_var").toArray(),
                target.namedBuffers().get("1.running_var").toArray(), 0f);
        assertEquals(1f, target.namedBuffers().get("1.num_batches_tracked").item());

        Map<String, Tensor> withoutVar = source.stateDict();
        withoutVar.remove("1.running_var");
        withoutVar.put("1.running_varr", Tensor.ones(6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> target.loadStateDict(withoutVar));
        assertTrue(e.getMessage().contains("missing buffers [1.running_var]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected tensors [1.running_varr]"), e.getMessage());

        Map<String, Tensor> wrongShape = source.stateDict();
        wrongShape.put("1.running_mean", Tensor.zeros(5));
        e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(wrongShape));
        assertTrue(e.getMessage().contains("'1.running_mean' has shape [6]"), e.getMessage());
    }

    @Test
    void aBufferCannotTakeANameAlreadyRegistered() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Module() {
            {
                registerParameter("w", Tensor.zeros(2));
                registerBuffer("w", Tensor.zeros(2));
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        });
        assertTrue(e.getMessage().contains("the name 'w' is already registered"), e.getMessage());
    }

    @Test
    void optimizersAndClippingSeeOnlyParametersWhileTrainingMovesTheBuffers() {
        Sequential net = model();
        Adam adam = new Adam(net.parameters(), 0.01f);
        Tensor x = Tensor.randn(2, 8, 4);
        Tensor y = Tensor.of(new float[] {0, 1, 2, 0, 1, 2, 0, 1}, 8);
        adam.zeroGrad();
        new CrossEntropyLoss().forward(net.forward(x), y).backward();
        GradClip.clipGradNorm(net.parameters(), 0.5f);
        adam.step();
        assertEquals(6, net.parameters().size());
        assertTrue(adam.stateDict().keySet().stream().noneMatch(k -> k.startsWith("state.6")),
                adam.stateDict().keySet().toString()); // six parameters, indices 0-5: no buffer has state
        assertNotEquals(0f, net.namedBuffers().get("1.running_mean").toArray()[0]);
        assertEquals(1f, net.namedBuffers().get("1.num_batches_tracked").item());

        net.requiresGrad(false); // frozen: the buffers still update in training mode, as in PyTorch
        net.forward(x);
        assertEquals(2f, net.namedBuffers().get("1.num_batches_tracked").item());
        net.namedBuffers().values().forEach(b -> assertFalse(b.requiresGrad()));
    }

    /**
     * Training runs the fused plan with the BatchNorm in it (TrainStepTest has the numbers); a predictor serves the
     * running statistics, folded into the layer before them (PredictorFoldingTest has the tolerance), and hands the
     * module back in training mode.
     */
    @Test
    void aModelWithBatchNormTrainsThroughTheFusedPlanAndPredictsWithTheRunningStatistics() {
        Sequential net = model();
        assertTrue(DenseStack.of(net).isPresent());
        assertTrue(TrainStep.of(net, new CrossEntropyLoss(), new Adam(net.parameters(), 0.01f)).isPresent());
        net.forward(Tensor.randn(3, 16, 4).mul(3f).add(1f)); // running stats away from 0 and 1
        float[] row = Tensor.randn(4, 1, 4).toArray();
        Predictor predictor = Predictor.of(net, 4);
        assertTrue(net.isTraining());
        net.eval();
        float[] expected = net.forward(Tensor.of(row, 1, 4)).toArray(); // eval: the running statistics
        assertArrayEquals(expected, predictor.predict(row), 1e-5f);
    }

    @Test
    void oneRowInTrainingModeIsRefusedAsPyTorchDoes() {
        BatchNorm1d bn = new BatchNorm1d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Tensor.randn(1, 1, 3)));
        assertTrue(e.getMessage().contains("expected more than 1 value per channel when training"), e.getMessage());
        assertEquals(0f, bn.stateDict().get("num_batches_tracked").item(), "a refused batch is not counted");
        bn.eval();
        assertEquals(3, bn.forward(Tensor.randn(1, 1, 3)).numel());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.randn(1, 2, 4)));
        assertTrue(e.getMessage().contains("expected input [batch, 3] or [batch, 3, length], got [2, 4]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.randn(1, 2, 3, 4, 5)));
        assertTrue(e.getMessage().contains("got [2, 3, 4, 5]"), e.getMessage());
    }

    @Test
    void printsAndWritesItsSpec() {
        assertEquals("BatchNorm1d(64, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)",
                new BatchNorm1d(64).toString());
        String spec = ModelSpec.format(new Sequential(new BatchNorm1d(6, 1e-3f, null, false, false)));
        assertEquals("batchnorm1d(6,0.001,none,false,false)", spec); // positional: every option up to the last is set
        assertEquals("BatchNorm1d(6, eps=0.001, momentum=None, affine=False, bias=False, track_running_stats=False)",
                ModelSpec.parse(spec).get(0).toString());
        assertEquals("batchnorm1d(6,momentum=0.3)", ModelSpec.format(ModelSpec.parse("batchnorm1d(6, momentum=0.3)")));
    }
}
