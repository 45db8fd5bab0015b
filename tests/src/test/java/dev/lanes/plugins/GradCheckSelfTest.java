package dev.lanes.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Module;
import dev.lanes.tensor.CustomOp;
import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The gradient check can fail: a layer with a wrong backward rule is caught, a right one passes. */
class GradCheckSelfTest {

    /** y = x², with backward factor {@code factor} (2 is right). */
    private static Module square(float factor) {
        return new Module() {
            @Override
            public Tensor forward(Tensor x) {
                float[] v = x.storage();
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = v[i] * v[i];
                }
                return CustomOp.result("SquareBackward", out, x.shape(), g -> {
                    float[] gx = CustomOp.gradOf(x);
                    for (int i = 0; i < g.length; i++) {
                        gx[i] += g[i] * factor * v[i];
                    }
                }, x);
            }
        };
    }

    @Test
    void wrongBackwardIsCaught() {
        Tensor x = Tensor.randn(1, 3, 4);
        assertFalse(GradCheck.layer(() -> square(1f), x, true, 0).isEmpty());
        assertTrue(GradCheck.layer(() -> square(2f), x, true, 0).isEmpty());
    }
}
