package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Forward values of every op on small cases worked out by hand. */
class TensorOpsTest {

    /** Sums and products of small integers and halves are exact in float. */
    private static final float EXACT = 0f;
    /** exp, log, tanh, sigmoid, gelu, pow computed through double and rounded: within a few float ulps of 1. */
    private static final float TRANSCENDENTAL = 1e-6f;

    private static final Tensor M = Tensor.of(new float[][] {{1, 2}, {3, 4}});

    private static void assertValues(float[] expected, int[] shape, Tensor actual, float delta) {
        assertArrayEquals(shape, actual.shape(), "shape");
        assertArrayEquals(expected, actual.toArray(), delta);
    }

    @Test
    void addSubMulDivOfEqualShapes() {
        Tensor n = Tensor.of(new float[][] {{10, 20}, {30, 40}});
        assertValues(new float[] {11, 22, 33, 44}, new int[] {2, 2}, M.add(n), EXACT);
        assertValues(new float[] {-9, -18, -27, -36}, new int[] {2, 2}, M.sub(n), EXACT);
        assertValues(new float[] {10, 40, 90, 160}, new int[] {2, 2}, M.mul(n), EXACT);
        assertValues(new float[] {0.1f, 0.1f, 0.1f, 0.1f}, new int[] {2, 2}, M.div(n), EXACT);
    }

    @Test
    void rowVectorBroadcastsOverRowsLikeABias() {
        Tensor bias2d = Tensor.of(new float[] {10, 20}, 1, 2);
        Tensor bias1d = Tensor.of(10, 20);
        assertValues(new float[] {11, 22, 13, 24}, new int[] {2, 2}, M.add(bias2d), EXACT);
        assertValues(new float[] {11, 22, 13, 24}, new int[] {2, 2}, M.add(bias1d), EXACT);
        assertValues(new float[] {11, 22, 13, 24}, new int[] {2, 2}, bias2d.add(M), EXACT);
        assertValues(new float[] {-9, -18, -7, -16}, new int[] {2, 2}, M.sub(bias2d), EXACT);
        assertValues(new float[] {9, 18, 7, 16}, new int[] {2, 2}, bias1d.sub(M), EXACT);
        assertValues(new float[] {2, 6, 6, 12}, new int[] {2, 2}, M.mul(Tensor.of(2, 3)), EXACT);
        assertValues(new float[] {0.5f, 0.5f, 1.5f, 1f}, new int[] {2, 2}, M.div(Tensor.of(2, 4)), EXACT);
    }

    @Test
    void scalarsBroadcastEverywhere() {
        assertValues(new float[] {1.5f, 2.5f, 3.5f, 4.5f}, new int[] {2, 2}, M.add(0.5f), EXACT);
        assertValues(new float[] {0, 1, 2, 3}, new int[] {2, 2}, M.sub(1f), EXACT);
        assertValues(new float[] {2, 4, 6, 8}, new int[] {2, 2}, M.mul(2f), EXACT);
        assertValues(new float[] {0.25f, 0.5f, 0.75f, 1f}, new int[] {2, 2}, M.div(4f), EXACT);
        assertValues(new float[] {9, 8, 7, 6}, new int[] {2, 2}, Tensor.scalar(10).sub(M), EXACT);
        assertValues(new float[] {12, 6, 4, 3}, new int[] {2, 2}, Tensor.scalar(12).div(M), EXACT);
        assertValues(new float[] {5}, new int[] {1, 1}, Tensor.ones(1, 1).add(Tensor.scalar(4)), EXACT);
    }

    @Test
    void columnsOuterProductsAndHigherRanksBroadcast() {
        assertValues(new float[] {11, 12, 23, 24}, new int[] {2, 2},
                M.add(Tensor.of(new float[] {10, 20}, 2, 1)), EXACT);
        assertValues(new float[] {3, 4, 5, 6, 8, 10}, new int[] {2, 3},
                Tensor.of(new float[] {1, 2}, 2, 1).mul(Tensor.of(new float[] {3, 4, 5}, 1, 3)), EXACT);
        assertValues(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, new int[] {2, 2, 2}, Tensor.zeros(2, 2, 2).add(M), EXACT);
        // [2,1,3] + [2,1] -> [2,2,3]: out[i][j][k] = a[i][0][k] + b[j][0]
        Tensor a = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 1, 3);
        Tensor b = Tensor.of(new float[] {10, 20}, 2, 1);
        assertValues(new float[] {10, 11, 12, 20, 21, 22, 13, 14, 15, 23, 24, 25}, new int[] {2, 2, 3}, a.add(b), EXACT);
    }

    @Test
    void unaryOps() {
        Tensor x = Tensor.of(1, -2, 3);
        assertValues(new float[] {-1, 2, -3}, new int[] {3}, x.neg(), EXACT);
        assertValues(new float[] {1, 4, 9}, new int[] {3}, x.pow(2), EXACT);
        assertValues(new float[] {1, -8, 27}, new int[] {3}, x.pow(3), EXACT);
        assertValues(new float[] {2, 3}, new int[] {2}, Tensor.of(4, 9).pow(0.5f), EXACT);
        assertValues(new float[] {0.5f, 0.25f}, new int[] {2}, Tensor.of(2, 4).pow(-1), EXACT);
        assertValues(new float[] {1, 1}, new int[] {2}, Tensor.of(0, 5).pow(0), EXACT);
        assertValues(new float[] {1, (float) Math.E}, new int[] {2}, Tensor.of(0, 1).exp(), TRANSCENDENTAL);
        assertValues(new float[] {0, 1}, new int[] {2}, Tensor.of(1, (float) Math.E).log(), TRANSCENDENTAL);
        assertEquals(Float.NEGATIVE_INFINITY, Tensor.of(0).log().item());
        assertTrue(Float.isNaN(Tensor.of(-1).log().item()));
    }

    /** Values and gradients as PyTorch 2.13 gives them, kinks included (abs at 0, sqrt at 0, clamp at its bounds). */
    @Test
    void absSqrtClampAndArgmax() {
        Tensor x = Tensor.of(-2, 0, 0.5f, 4).requiresGrad(true);
        x.abs().sum().backward();
        assertValues(new float[] {-1, 0, 1, 1}, new int[] {4}, x.grad(), EXACT);
        Tensor r = Tensor.of(0, 0.25f, 4).requiresGrad(true);
        Tensor root = r.sqrt();
        assertValues(new float[] {0, 0.5f, 2}, new int[] {3}, root, EXACT);
        root.sum().backward();
        assertValues(new float[] {Float.POSITIVE_INFINITY, 1, 0.25f}, new int[] {3}, r.grad(), EXACT);
        assertTrue(Float.isNaN(Tensor.of(-1f).sqrt().toArray()[0]));
        Tensor c = Tensor.of(-2, -1, 0, 1, 2).requiresGrad(true);
        Tensor clamped = c.clamp(-1f, 1f);
        assertValues(new float[] {-1, -1, 0, 1, 1}, new int[] {5}, clamped, EXACT);
        clamped.sum().backward();
        assertValues(new float[] {0, 1, 1, 1, 0}, new int[] {5}, c.grad(), EXACT);
        var bounds = assertThrows(IllegalArgumentException.class, () -> c.clamp(1f, -1f));
        assertTrue(bounds.getMessage().contains("min 1.0 is above max -1.0"), bounds.getMessage());

        Tensor m = Tensor.of(new float[] {1, 3, 3, Float.NaN, 2, 5, 0, -1, -1}, 3, 3);
        assertValues(new float[] {1, 0, 0}, new int[] {3}, m.argmax(1), EXACT); // first of ties; NaN is largest
        assertValues(new float[] {1, 0, 1}, new int[] {1, 3}, m.argmax(0, true), EXACT);
    }

    /** Values and gradients as PyTorch 2.13 gives them for torch.cat, torch.stack, squeeze and unsqueeze. */
    @Test
    void catStackSqueezeAndUnsqueeze() {
        Tensor a = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {10, 11, 12, 13}, 2, 2).requiresGrad(true);
        Tensor c = Tensor.cat(java.util.List.of(a, b), 1);
        assertValues(new float[] {0, 1, 2, 10, 11, 3, 4, 5, 12, 13}, new int[] {2, 5}, c, EXACT);
        c.mul(Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 2, 5)).sum().backward();
        assertValues(new float[] {0, 1, 2, 5, 6, 7}, new int[] {2, 3}, a.grad(), EXACT);
        assertValues(new float[] {3, 4, 8, 9}, new int[] {2, 2}, b.grad(), EXACT);
        assertValues(new float[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}, new int[] {4, 3},
                Tensor.cat(java.util.List.of(a, Tensor.of(new float[] {10, 11, 12, 13, 14, 15}, 2, 3)), 0), EXACT);
        var mismatch = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(java.util.List.of(a, b), 0));
        assertTrue(mismatch.getMessage().contains("only dimension 0 may differ"), mismatch.getMessage());

        assertValues(new float[] {1, 3, 2, 4}, new int[] {2, 2},
                Tensor.stack(java.util.List.of(Tensor.of(1, 2), Tensor.of(3, 4)), 1), EXACT);
        assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 1, 3, 1).squeeze().shape());
        assertArrayEquals(new int[] {2, 1, 3}, Tensor.zeros(2, 1, 3).squeeze(0).shape()); // size 2: kept
        assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 1, 3).squeeze(1).shape());
        assertArrayEquals(new int[] {2, 3, 1}, Tensor.zeros(2, 3).unsqueeze(-1).shape());
        assertArrayEquals(new int[] {1, 2, 3}, Tensor.zeros(2, 3).unsqueeze(0).shape());
    }

    /** torch.narrow and torch.split: rows and columns out of a 3x4, gradients back into place. */
    @Test
    void narrowAndSplit() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4).requiresGrad(true);
        assertValues(new float[] {4, 5, 6, 7, 8, 9, 10, 11}, new int[] {2, 4}, x.narrow(0, 1, 2), EXACT);
        Tensor cols = x.narrow(1, 1, 2);
        assertValues(new float[] {1, 2, 5, 6, 9, 10}, new int[] {3, 2}, cols, EXACT);
        cols.mul(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)).sum().backward();
        assertValues(new float[] {0, 1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0}, new int[] {3, 4}, x.grad(), EXACT);
        var pieces = x.split(3, 1);
        assertEquals(2, pieces.size());
        assertArrayEquals(new int[] {3, 3}, pieces.get(0).shape());
        assertValues(new float[] {3, 7, 11}, new int[] {3, 1}, pieces.get(1), EXACT);
        var e = assertThrows(IllegalArgumentException.class, () -> x.narrow(0, 2, 2));
        assertTrue(e.getMessage().contains("[2, 4) are outside dimension 0 of size 3"), e.getMessage());
    }

    @Test
    void activations() {
        assertValues(new float[] {0, 0, 2}, new int[] {3}, Tensor.of(-1, 0, 2).relu(), EXACT);
        float ln3 = (float) Math.log(3);
        assertValues(new float[] {0.5f, 0.75f, 0.25f, 1f, 0f}, new int[] {5},
                Tensor.of(0, ln3, -ln3, 100, -100).sigmoid(), TRANSCENDENTAL);
        assertValues(new float[] {0f, 0.5f, 0.7615942f, -1f}, new int[] {4},
                Tensor.of(0, (float) (0.5 * Math.log(3)), 1, -50).tanh(), TRANSCENDENTAL); // atanh(0.5) = ln(3)/2
        assertValues(new float[] {-0.2f, 0f, 3f}, new int[] {3}, Tensor.of(-2, 0, 3).leakyRelu(0.1f), EXACT);
        // PyTorch 2.13: F.gelu(torch.tensor([-1., 0., 1., 2.]), approximate='tanh')
        assertValues(new float[] {-0.1588080f, 0f, 0.8411920f, 1.9545977f}, new int[] {4},
                Tensor.of(-1, 0, 1, 2).gelu("tanh"), TRANSCENDENTAL);
        // PyTorch 2.13: F.gelu(x) (approximate='none'), x = [-1, 0, 1, 2] and [-3, -0.5, 0.25, 3.5]
        assertValues(new float[] {-0.158655256f, 0f, 0.841344714f, 1.95449972f}, new int[] {4},
                Tensor.of(-1, 0, 1, 2).gelu(), TRANSCENDENTAL);
        assertValues(new float[] {-0.00405022502f, -0.154268771f, 0.149676576f, 3.49918556f}, new int[] {4},
                Tensor.of(-3, -0.5f, 0.25f, 3.5f).gelu("none"), TRANSCENDENTAL);
        var form = assertThrows(IllegalArgumentException.class, () -> M.gelu("erf"));
        assertTrue(form.getMessage().contains("'none' or 'tanh', got 'erf'"), form.getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> M.leakyRelu(-0.5f));
        assertTrue(e.getMessage().contains("leakyRelu") && e.getMessage().contains("-0.5"), e.getMessage());
    }

    @Test
    void sumsAndMeans() {
        assertValues(new float[] {10}, new int[] {}, M.sum(), EXACT);
        assertValues(new float[] {4, 6}, new int[] {2}, M.sum(0), EXACT);
        assertValues(new float[] {3, 7}, new int[] {2}, M.sum(1), EXACT);
        assertValues(new float[] {3, 7}, new int[] {2}, M.sum(-1), EXACT);
        assertValues(new float[] {3, 7}, new int[] {2, 1}, M.sum(1, true), EXACT);
        assertValues(new float[] {4, 6}, new int[] {1, 2}, M.sum(0, true), EXACT);
        Tensor cube = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);
        assertValues(new float[] {6, 9, 24, 27}, new int[] {2, 2}, cube.sum(1), EXACT);
        assertValues(new float[] {6, 8, 10, 12, 14, 16}, new int[] {3, 2}, cube.sum(0), EXACT);
        assertValues(new float[] {2.5f}, new int[] {}, M.mean(), EXACT);
        assertValues(new float[] {2, 3}, new int[] {2}, M.mean(0), EXACT);
        assertValues(new float[] {1.5f, 3.5f}, new int[] {2, 1}, M.mean(1, true), EXACT);
        var e = assertThrows(IllegalArgumentException.class, () -> M.sum(2));
        assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("dimension 2"), e.getMessage());
    }

    @Test
    void matrixProducts() {
        Tensor n = Tensor.of(new float[][] {{5, 6}, {7, 8}});
        assertValues(new float[] {19, 22, 43, 50}, new int[] {2, 2}, M.matmul(n), EXACT);
        assertValues(new float[] {19, 22, 43, 50}, new int[] {2, 2}, M.mm(n), EXACT);
        assertValues(new float[] {32}, new int[] {1, 1},
                Tensor.of(new float[] {1, 2, 3}, 1, 3).mm(Tensor.of(new float[] {4, 5, 6}, 3, 1)), EXACT);
        assertValues(new float[] {4, 5, 6, 8, 10, 12}, new int[] {2, 3},
                Tensor.of(new float[] {1, 2}, 2, 1).mm(Tensor.of(new float[] {4, 5, 6}, 1, 3)), EXACT);
    }

    @Test
    void transposeAndReshape() {
        Tensor a = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertValues(new float[] {1, 4, 2, 5, 3, 6}, new int[] {3, 2}, a.transpose(), EXACT);
        assertValues(new float[] {1, 4, 2, 5, 3, 6}, new int[] {3, 2}, a.t(), EXACT);
        assertValues(new float[] {1, 2, 3, 4, 5, 6}, new int[] {3, 2}, a.reshape(3, 2), EXACT);
        assertValues(new float[] {1, 2, 3, 4, 5, 6}, new int[] {6}, a.reshape(-1), EXACT);
        assertValues(new float[] {1, 2, 3, 4, 5, 6}, new int[] {1, 3, 2}, a.reshape(1, -1, 2), EXACT);
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, -1));
        var twice = assertThrows(IllegalArgumentException.class, () -> a.reshape(-1, -1));
        assertTrue(twice.getMessage().contains("[-1, -1]") && twice.getMessage().contains("[2, 3]"));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(-2, 3));
        // as PyTorch: a 1-D or 0-D tensor is its own transpose; more than two dimensions are refused
        assertValues(new float[] {1, 2, 3}, new int[] {3}, Tensor.of(1, 2, 3).t(), EXACT);
        assertValues(new float[] {5}, new int[] {}, Tensor.scalar(5).t(), EXACT);
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3, 4).transpose());
        assertTrue(e.getMessage().contains("transpose") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
    }

    @Test
    void opsDoNotModifyTheirInputs() {
        Tensor a = Tensor.of(1, 2);
        a.add(a).mul(a).exp().sum();
        a.reshape(2, 1);
        assertArrayEquals(new float[] {1, 2}, a.toArray(), EXACT);
        Tensor r = a.reshape(2, 1);
        r.storage()[0] = 9; // reshape copies, so this must not reach a
        assertArrayEquals(new float[] {1, 2}, a.toArray(), EXACT);
    }

    @Test
    void inPlaceUpdatesBroadcastTheOperand() {
        Tensor t = M.copy();
        t.subInPlace(Tensor.of(1, 2));
        assertValues(new float[] {0, 0, 2, 2}, new int[] {2, 2}, t, EXACT);
        t.addInPlace(1f).mulInPlace(2f).divInPlace(Tensor.of(new float[] {2, 1}, 2, 1));
        assertValues(new float[] {1, 1, 6, 6}, new int[] {2, 2}, t, EXACT);
        t.fillInPlace(7f);
        assertValues(new float[] {7, 7, 7, 7}, new int[] {2, 2}, t, EXACT);
        t.copyInPlace(M);
        assertValues(new float[] {1, 2, 3, 4}, new int[] {2, 2}, t, EXACT);
    }
}
