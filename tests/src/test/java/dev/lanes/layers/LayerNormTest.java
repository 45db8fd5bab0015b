package dev.lanes.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.ModelFile;
import dev.lanes.io.ModelMetadata;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.Layers;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Options;
import dev.lanes.tensor.GradMode;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LayerNorm's parameters, spec and file round trips and bad arguments; values and gradients are in the parity test. */
class LayerNormTest {

    @Test
    void parametersAreNamedAsPyTorchsAndStartAtOnesAndZeros() {
        LayerNorm ln = new LayerNorm(3);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.namedParameters().keySet()));
        assertArrayEquals(new float[] {1, 1, 1}, ln.weight().toArray());
        assertArrayEquals(new float[] {0, 0, 0}, ln.bias().toArray());
        assertEquals(Map.of(), new LayerNorm(3, 1e-5f, false).namedParameters());
        assertEquals(List.of("weight"),
                List.copyOf(new LayerNorm(new int[] {3}, 1e-5f, true, false).namedParameters().keySet()));
        assertArrayEquals(new int[] {2, 3},
                new LayerNorm(new int[] {2, 3}, 1e-5f, true, true).weight().shape());
    }

    @Test
    void normalisesEachRowOverTheLastDimension() {
        // [1, 2, 3, 4]: mean 2.5, biased variance 1.25; [5, 5, 5, 5]: variance 0, so every value maps to 0
        Tensor y = new LayerNorm(4).forward(Tensor.of(new float[] {1, 2, 3, 4, 5, 5, 5, 5}, 2, 4));
        double s = 1 / Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new float[] {(float) (-1.5 * s), (float) (-0.5 * s), (float) (0.5 * s), (float) (1.5 * s),
                0, 0, 0, 0}, y.toArray());
    }

    @Test
    void aSpecWithLayerNormBuildsAndIsWrittenBackAsGiven() {
        String spec = "linear(8,16) layernorm(16) relu linear(16,3)";
        Sequential net = ModelSpec.parse(spec);
        assertInstanceOf(LayerNorm.class, net.get(1));
        assertArrayEquals(new int[] {5, 3}, net.forward(Tensor.randn(new Random(1), 5, 8)).shape());
        assertEquals(spec, ModelSpec.format(net));
        assertEquals("LayerNorm((16,), eps=1e-05, elementwise_affine=True, bias=True)", net.get(1).toString());
        String[][] writtenAs = { // positional up to the first default left out, as ModelSpec.format writes
            {"layernorm(64,eps=1e-6,elementwise_affine=false)", "layernorm(64,1.0E-6,false)"},
            {"layernorm(6,bias=false)", "layernorm(6,bias=false)"},
            {"layernorm(normalized_shape=[3,4],eps=0.001)", "layernorm([3,4],0.001)"}};
        for (String[] pair : writtenAs) {
            assertEquals(pair[1], ModelSpec.format(ModelSpec.parse(pair[0])));
            assertEquals(pair[1], ModelSpec.format(ModelSpec.parse(pair[1])));
        }
        LayerNorm keyed = (LayerNorm) ModelSpec.parse("layernorm(64,eps=1e-6,elementwise_affine=false)").get(0);
        assertEquals(1e-6f, keyed.eps());
        assertTrue(keyed.parameters().isEmpty());
    }

    @Test
    void parameterShapesAreDeclaredWithoutBuilding() {
        Map<String, int[]> shapes = ModelSpec.parameterShapes("linear(8,16) layernorm(16) layernorm([2,8],bias=false) "
                + "layernorm(16,elementwise_affine=false)");
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight"), List.copyOf(shapes.keySet()));
        assertArrayEquals(new int[] {16}, shapes.get("1.bias"));
        assertArrayEquals(new int[] {2, 8}, shapes.get("2.weight"));
    }

    @Test
    void aModelFileWithLayerNormLoadsBackWithItsParameters(@TempDir Path dir) throws IOException {
        String spec = "linear(4,6) layernorm(6) tanh linear(6,2)";
        Sequential net = ModelSpec.parse(spec, 3);
        LayerNorm ln = (LayerNorm) net.get(1);
        try (var scope = GradMode.noGrad()) { // parameters other than the initial ones, so the file must carry them
            ln.weight().copyInPlace(Tensor.randn(new Random(5), 6));
            ln.bias().copyInPlace(Tensor.randn(new Random(6), 6));
        }
        Path file = dir.resolve("ln.safetensors");
        ModelFile.save(file, net, new ModelMetadata(spec, List.of(), List.of(), null, null, null));
        Sequential loaded = ModelFile.load(file, null).model();
        assertTrue(Files.size(file) > 0);
        assertEquals(spec, ModelSpec.format(loaded));
        Tensor x = Tensor.randn(new Random(7), 3, 4);
        assertArrayEquals(net.forward(x).toArray(), loaded.forward(x).toArray());
        assertArrayEquals(ln.weight().toArray(), loaded.namedParameters().get("1.weight").toArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "[4,0]"})
    void aNonPositiveSizeIsRejected(String shape) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Layers.create("layernorm", Options.of("normalized_shape", shape)));
        assertTrue(e.getMessage().startsWith("LayerNorm: normalized_shape must hold positive sizes, got ["),
                e.getMessage());
        assertTrue(e.getMessage().contains(shape.replace("[", "").replace("]", "").replace(",", ", ")),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1e-5", "NaN", "Infinity"})
    void aNonPositiveOrNonFiniteEpsIsRejected(String eps) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Layers.create("layernorm", Options.of("normalized_shape", 4, "eps", eps)));
        assertEquals("LayerNorm: eps must be a positive finite number, got " + Float.parseFloat(eps), e.getMessage());
    }

    @Test
    void aShapeThatIsNotSizesIsRejectedInTheSpec() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("linear(2,4) layernorm(four)"));
        assertTrue(e.getMessage().contains("layer 1 'layernorm': layernorm: option 'normalized_shape' must be a size "
                + "or a list of sizes such as [4,8], got 'four'"), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("layernorm"));
        assertTrue(missing.getMessage().contains("missing required option 'normalized_shape'"), missing.getMessage());
    }

    @Test
    void anInputOfAnotherWidthIsRejectedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4).forward(Tensor.zeros(2, 5)));
        assertEquals("LayerNorm(4): expected an input whose last dimension is 4, got shape [2, 5]", e.getMessage());
        LayerNorm twoDims = new LayerNorm(new int[] {3, 4}, 1e-5f, true, true);
        var multi = assertThrows(IllegalArgumentException.class, () -> twoDims.forward(Tensor.zeros(4, 3)));
        assertEquals("LayerNorm([3,4]): expected an input whose last 2 dimensions are [3, 4], got shape [4, 3]",
                multi.getMessage());
    }
}
