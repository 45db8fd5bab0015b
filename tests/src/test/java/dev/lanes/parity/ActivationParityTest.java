package dev.lanes.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernel.Activation;
import dev.lanes.kernel.Kernel;
import dev.lanes.kernel.Kernels;
import dev.lanes.kernel.vector.VectorKernel;
import dev.lanes.nn.functional.Functional;
import dev.lanes.tensor.Tensor;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SiLU and ELU against PyTorch ({@code tests/fixtures/activations}, written by the script there): values and input
 * gradients on both kernels directly and through autograd, at the kinks, near 0 (where exp(x) - 1 cancels) and in
 * saturation; and after a Linear layer through the fused dense kernel, gradients of x, weight and bias included.
 */
class ActivationParityTest {

    static final Fixture FIXTURE = Fixture.load("activations/activations.txt");
    /**
     * Elementwise: relative 2e-6 is the kernels' own vector-against-scalar bound (KernelPropertyBase.ELEMENTWISE_REL);
     * the absolute 1e-6 covers ELU's gradient read from the output, y + alpha, which near y = -alpha keeps only
     * alpha·2^-24 of alpha·exp(x), times the upstream weight (|w| < 4 here): below 5e-7.
     */
    static final double REL = 2e-6;
    static final double ABS = 1e-6;
    /** After a Linear layer: the sums of up to 20 products are added in another order than PyTorch's. */
    static final double LINEAR_REL = 1e-5;
    static final double LINEAR_ABS = 1e-5;

    static Stream<String> cases(String... ops) {
        Set<String> names = new LinkedHashSet<>();
        for (String k : FIXTURE.withPrefix("").keySet()) {
            String op = k.substring(0, k.indexOf('/'));
            if (Set.of(ops).contains(op)) {
                names.add(k.substring(0, k.lastIndexOf('.')));
            }
        }
        return names.stream();
    }

    static Stream<String> elementwise() {
        return cases("silu", "elu");
    }

    static Stream<String> afterLinear() {
        return cases("linear_silu", "linear_elu");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void bothKernelsMatchPyTorch(String name) {
        Map<String, Tensor> f = FIXTURE.withPrefix(name + ".");
        Activation act = activation(name);
        float alpha = alpha(f);
        float[] x = f.get("x").toArray();
        float[] upstream = f.get("upstream").toArray();
        int n = x.length;
        for (Kernel kernel : new Kernel[] {Kernels.scalar(), new VectorKernel()}) {
            String what = name + " on " + kernel.description();
            float[] y = new float[n];
            kernel.activationForward(act, alpha, x, y, n);
            assertClose(what + ": values", f.get("out").toArray(), y, REL, ABS);
            float[] dx = new float[n];
            kernel.activationBackward(act, alpha, act.needsPreActivation() ? x : null, y, upstream, dx, n);
            assertClose(what + ": gradient", f.get("grad_x").toArray(), dx, REL, ABS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void tensorMethodsMatchPyTorch(String name) {
        Map<String, Tensor> f = FIXTURE.withPrefix(name + ".");
        Tensor x = f.get("x").copy().requiresGrad(true);
        Tensor out = activation(name) == Activation.SILU ? x.silu() : x.elu(alpha(f));
        assertArrayEquals(f.get("out").shape(), out.shape(), name + ": shape");
        assertEquals(activation(name) == Activation.SILU ? "SiluBackward" : "EluBackward", out.gradFn(), name);
        out.backward(f.get("upstream"));
        assertClose(name + ": values", f.get("out").toArray(), out.toArray(), REL, ABS);
        assertClose(name + ": gradient", f.get("grad_x").toArray(), x.grad().toArray(), REL, ABS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("afterLinear")
    void fusedLinearMatchesPyTorch(String name) {
        Map<String, Tensor> f = FIXTURE.withPrefix(name + ".");
        Tensor x = f.get("x").copy().requiresGrad(true);
        Tensor w = f.get("weight").copy().requiresGrad(true);
        Tensor b = f.get("bias").copy().requiresGrad(true);
        Tensor out = Functional.linear(x, w, b, activation(name), alpha(f));
        out.backward(f.get("upstream"));
        assertClose(name + ": values", f.get("out").toArray(), out.toArray(), LINEAR_REL, LINEAR_ABS);
        assertClose(name + ": gradient of x", f.get("grad_x").toArray(), x.grad().toArray(), LINEAR_REL, LINEAR_ABS);
        assertClose(name + ": gradient of weight", f.get("grad_weight").toArray(), w.grad().toArray(), LINEAR_REL,
                LINEAR_ABS);
        assertClose(name + ": gradient of bias", f.get("grad_bias").toArray(), b.grad().toArray(), LINEAR_REL,
                LINEAR_ABS);
    }

    private static Activation activation(String name) {
        return name.contains("silu") ? Activation.SILU : Activation.ELU;
    }

    private static float alpha(Map<String, Tensor> f) {
        return f.containsKey("alpha") ? f.get("alpha").item() : 0f;
    }

    private static void assertClose(String what, float[] expected, float[] actual, double rel, double abs) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual[i]);
            assertTrue(diff <= rel * Math.abs(expected[i]) + abs, what + "[" + i + "]: " + actual[i] + ", PyTorch "
                    + expected[i] + " (|diff| " + diff + ")");
        }
    }
}
