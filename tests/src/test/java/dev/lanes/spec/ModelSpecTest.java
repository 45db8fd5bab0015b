package dev.lanes.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.Linear;
import dev.lanes.layers.ReLU;
import dev.lanes.layers.Sigmoid;
import dev.lanes.nn.Sequential;
import dev.lanes.spi.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both spec forms build the seed's Sequential; bad specs point at the bad token; nets print back as specs. */
class ModelSpecTest {

    private static final String SEED_NET = """
            Sequential(
              (0): Linear(in_features=3, out_features=10, bias=True)
              (1): Sigmoid()
              (2): Linear(in_features=10, out_features=6, bias=True)
              (3): ReLU()
              (4): Linear(in_features=6, out_features=4, bias=True)
              (5): Sigmoid()
            )""";

    /** What a model file checks before building: the declared shapes, by state-dict name, matching the built net. */
    @Test
    void parameterShapesAreDeclaredWithoutBuilding() {
        String spec = "linear(3,4) relu linear(4,2,bias=false) embedding(5,2)";
        var shapes = ModelSpec.parameterShapes(spec);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "3.weight"), List.copyOf(shapes.keySet()));
        Sequential built = ModelSpec.parse(spec);
        built.namedParameters().forEach((name, p) ->
                assertEquals(java.util.Arrays.toString(p.shape()), java.util.Arrays.toString(shapes.get(name)), name));
        assertEquals(java.util.Arrays.toString(new int[] {100_000, 100_000}),
                java.util.Arrays.toString(ModelSpec.parameterShapes("100000-100000:none").get("0.weight")));
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parameterShapes("linear(3) relu"));
        assertTrue(e.getMessage().contains("layer 0 'linear'"), e.getMessage());
    }

    @Test
    void namedFormBuildsTheSeedNetwork() {
        Sequential net = ModelSpec.parse("linear(3,10) sigmoid linear(10,6) relu linear(6,4) sigmoid");
        assertEquals(SEED_NET, net.toString());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(net.namedParameters().keySet()));
    }

    @Test
    void shorthandBuildsTheSameNetwork() {
        assertEquals(SEED_NET, ModelSpec.parse("3-10-6-4:sigmoid,relu,sigmoid").toString());
        Sequential oneForAll = ModelSpec.parse("2-4-1:relu");
        assertEquals(4, oneForAll.size());
        assertTrue(oneForAll.get(3) instanceof ReLU);
        Sequential withNone = ModelSpec.parse("2-4-1:tanh,none");
        assertEquals(3, withNone.size());
        assertEquals(2, ModelSpec.parse("2 - 4 - 1").size());
    }

    @Test
    void keywordAndPositionalArgumentsMix() {
        Sequential net = ModelSpec.parse(" Linear(3, out=2, bias=false)  LeakyReLU(negative_slope=0.2) dropout(0.1) ");
        Linear lin = (Linear) net.get(0);
        assertEquals(2, lin.outFeatures());
        assertEquals(null, lin.bias());
        assertEquals("LeakyReLU(negative_slope=0.2)", net.get(1).toString());
        assertEquals("Dropout(p=0.1, inplace=False)", net.get(2).toString());
    }

    @Test
    void seededParseIsReproducible() {
        var a = ModelSpec.parse("3-5-2:relu", 11).get(0).parameters().get(0).toArray();
        var b = ModelSpec.parse("3-5-2:relu", 11).get(0).parameters().get(0).toArray();
        var c = ModelSpec.parse("3-5-2:relu", 12).get(0).parameters().get(0).toArray();
        assertTrue(java.util.Arrays.equals(a, b));
        assertTrue(!java.util.Arrays.equals(a, c));
    }

    @Test
    void formatWritesASpecThatRebuildsTheArchitecture() {
        Sequential net = Sequential.of(new Linear(3, 10), new Sigmoid(), new Linear(10, 4, false),
                new dev.lanes.layers.LeakyReLU(0.2f), new dev.lanes.layers.Softmax(0));
        String spec = ModelSpec.format(net);
        assertEquals("linear(3,10) sigmoid linear(10,4,false) leakyrelu(0.2) softmax(0)", spec);
        assertEquals(net.toString(), ModelSpec.parse(spec).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "linear(3,10) sigmoid conv(3) relu           | 22 | unknown layer 'conv'",
        "linear(3,10) sigmoid linear(10,six)          | 22 | option 'out' must be an integer, got 'six'",
        "linear(3,10 relu                             | 7  | missing ')'",
        "linear(3,10)) relu                           | 13 | unbalanced ')'",
        "linear(3,10,true,4,5)                        | 20 | takes at most 4 arguments",
        "linear(in=3,10)                              | 13 | positional argument '10' after a key=value one",
        "linear(3,10,size=4)                          | 13 | linear has no option 'size'",
        "3-10-6-4:sigmoid,relu                        | 10 | 3 layers need 1 activation or 3, got 2",
        "3-10-4:relu,swish                            | 13 | unknown layer 'swish'",
        "linear(3,10) 7x                              | 14 | '7x' is not a layer name",
        "linear(in=3)                                 | 1  | missing required option 'out'",
    })
    void badSpecPointsAtTheBadToken(String spec, int column, String problem) {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(spec.strip()));
        String m = e.getMessage();
        assertTrue(m.contains("column " + column + ":"), m);
        assertTrue(m.contains(problem), m);
        String[] lines = m.split("\n");
        assertEquals(column + 1, lines[lines.length - 1].indexOf('^'), m); // the caret under the column (2-space indent)
    }

    @Test
    void emptySpecExplainsBothForms() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("  "));
        assertTrue(e.getMessage().contains("3-10-1:relu,none"), e.getMessage());
    }
}
