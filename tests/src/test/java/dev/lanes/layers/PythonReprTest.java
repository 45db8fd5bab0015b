package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Layers print their float options as Python does, so a printed model reads as PyTorch's. */
class PythonReprTest {

    /** Each float and what Python's {@code repr} prints for the same literal. */
    @Test
    void floatsAreSpelledAsPythonsRepr() {
        Object[][] cases = {
            {1e-5f, "1e-05"}, {2.5e-7f, "2.5e-07"}, {1e-4f, "0.0001"}, {0.001f, "0.001"}, {0.1f, "0.1"},
            {3f, "3.0"}, {123456f, "123456.0"}, {1e16f, "1e+16"}, {1.5e20f, "1.5e+20"}, {0f, "0.0"}, {-0f, "-0.0"},
            {-1e-5f, "-1e-05"}, {-0.25f, "-0.25"}, {Float.NaN, "nan"}, {Float.NEGATIVE_INFINITY, "-inf"}};
        for (Object[] c : cases) {
            assertEquals(c[1], PythonRepr.of((float) c[0]), "repr of " + c[0]);
        }
    }

    /** PyTorch 2.13's own printed forms of the same layers (its BatchNorm prints a bias flag, LayerNorm always). */
    @Test
    void normalisationLayersPrintAsPyTorch() {
        assertEquals("BatchNorm1d(8, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)",
                new BatchNorm1d(8).toString());
        assertEquals("LayerNorm((8,), eps=1e-06, elementwise_affine=False, bias=False)",
                new LayerNorm(8, 1e-6f, false).toString());
        assertEquals("LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=False)",
                new LayerNorm(new int[] {8}, 1e-5f, true, false).toString());
        assertEquals("LeakyReLU(negative_slope=0.0001)", new LeakyReLU(1e-4f).toString());
        assertEquals("Dropout(p=0.3, inplace=False)", new Dropout(0.3f).toString());
    }

    /** PyTorch 2.13: {@code SiLU()}, and ELU prints its alpha even at the default. */
    @Test
    void siluAndEluPrintAsPyTorch() {
        assertEquals("SiLU()", new SiLU().toString());
        assertEquals("ELU(alpha=1.0)", new ELU().toString());
        assertEquals("ELU(alpha=0.5)", new ELU(0.5f).toString());
        assertEquals("ELU(alpha=1e-05)", new ELU(1e-5f).toString());
    }
}
