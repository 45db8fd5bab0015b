package dev.lanes.plugins.thirdparty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.nn.FusableNorm;
import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Options;
import dev.lanes.spi.SpecWritable;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A plugin that breaks its contract is refused with a message naming it, instead of giving another model. */
class PluginMisbehaviourTest {

    /** Writes an option {@code rmsnorm} does not declare (a typo of elementwise_affine). */
    static final class MisspelledSpec extends Module implements SpecWritable {
        @Override
        public Tensor forward(Tensor input) {
            return input;
        }

        @Override
        public String specName() {
            return "rmsnorm";
        }

        @Override
        public Options specOptions() {
            return Options.of("normalized_shape", 8, "elementwise-affine", false);
        }
    }

    /** An RMSNorm whose frozenCopy forgot to copy. */
    static final class NullFrozenCopy extends Module implements FusableNorm {
        private final RMSNorm inner = new RMSNorm(8, RMSNorm.DEFAULT_EPS, false);

        @Override
        public Tensor forward(Tensor input) {
            return inner.forward(input);
        }

        @Override
        public boolean normalizesRowsOf(int width) {
            return inner.normalizesRowsOf(width);
        }

        @Override
        public boolean usesBatchStatistics() {
            return false;
        }

        @Override
        public Scratch newScratch(int rows) {
            return inner.newScratch(rows);
        }

        @Override
        public void forward(float[] x, float[] y, int rows, Scratch scratch) {
            inner.forward(x, y, rows, scratch);
        }

        @Override
        public void backward(float[] gradOutput, float[] x, float[] gradInput, int rows, Scratch scratch) {
            inner.backward(gradOutput, x, gradInput, rows, scratch);
        }

        @Override
        public FusableNorm frozenCopy() {
            return null;
        }
    }

    /** It used to be dropped, so the saved spec rebuilt a layer with a weight the file then lacked, or other eps. */
    @Test
    void formatRefusesAnOptionTheProviderDoesNotDeclare() {
        Sequential net = Sequential.of(ModelSpec.parse("linear(4,8)", 1).get(0), new MisspelledSpec());
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.format(net));
        assertEquals("ModelSpec.format: layer 1 (" + MisspelledSpec.class.getName() + ") gives option "
                + "'elementwise-affine', which rmsnorm does not declare; its options: [normalized_shape, eps, "
                + "elementwise_affine]", e.getMessage());
    }

    /** It used to serve the dense layers without the norm: other numbers, no error. */
    @Test
    void servingRefusesANormWhoseFrozenCopyIsNull() {
        Sequential net = Sequential.of(ModelSpec.parse("linear(4,8)", 1).get(0), new NullFrozenCopy(),
                ModelSpec.parse("relu linear(8,3)", 1));
        var e = assertThrows(IllegalStateException.class, () -> Predictor.of(net));
        assertTrue(e.getMessage().contains(NullFrozenCopy.class.getName() + ".frozenCopy() returned null"),
                e.getMessage());
    }
}
