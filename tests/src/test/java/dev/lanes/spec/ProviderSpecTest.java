package dev.lanes.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.loss.CrossEntropyLoss;
import dev.lanes.nn.Reduction;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.spi.ProviderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One provider in the spec grammar, with list values in brackets: canonical form, round trip and errors. */
class ProviderSpecTest {

    private static ProviderSpec loss(String text) {
        return ProviderSpec.parse(text, Losses.registry());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "crossentropy|crossentropy",
        "CrossEntropy()|crossentropy",
        "crossentropy(label_smoothing=0.1,weight=[1,2,0.5])|crossentropy(weight=[1,2,0.5],label_smoothing=0.1)",
        " CROSSENTROPY( weight = [1.0, 2 ,0.50] , label_smoothing=1e-1 ) |"
                + "crossentropy(weight=[1,2,0.5],label_smoothing=0.1)",
        "nll(sum, [3,4], 2)|nll(reduction=sum,weight=[3,4],ignore_index=2)",
        "crossentropy(ignore_index=-100.0)|crossentropy(ignore_index=-100)",
        "nll(weight=(1, 2.0))|nll(weight=[1,2])",
    })
    void writesTheCanonicalFormWhichParsesBackToItself(String text, String canonical) {
        assertEquals(canonical, loss(text).toString());
        assertEquals(canonical, loss(canonical).toString());
    }

    /** Flags in lower case and lists in brackets; {@code with} sets an option and stays canonical. */
    @Test
    void optimizerSpecsAreCanonicalToo() {
        ProviderSpec spec = ProviderSpec.parse("SGD(nesterov=True, momentum=0.90)", Optimizers.registry());
        assertEquals("sgd(momentum=0.9,nesterov=true)", spec.toString());
        assertEquals("sgd(lr=0.01,momentum=0.9,nesterov=true)", spec.with("lr", "1e-2", Optimizers.registry())
                .toString());
        assertEquals("sgd(momentum=0.5,nesterov=true)", spec.with("momentum", "0.50", Optimizers.registry())
                .toString());
        assertEquals("adam(betas=[0.9,0.99],amsgrad=false)", ProviderSpec.parse("adam(amsgrad=FALSE,"
                + "betas=(0.9,0.990))", Optimizers.registry()).toString());
    }

    @Test
    void theOptionsBuildTheLossTheyDescribe() {
        ProviderSpec spec = loss("crossentropy(label_smoothing=0.1, weight=[1, 2, 0.5], ignore_index=3)");
        assertEquals(new CrossEntropyLoss(Reduction.MEAN, new float[] {1, 2, 0.5f}, 3, 0.1f).toString(),
                Losses.create(spec.name(), spec.options()).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "crossentropy(foo=1)|bad loss spec at column 14: crossentropy has no option 'foo'",
        "hinge|bad loss spec at column 1: unknown loss 'hinge'",
        "crossentropy(weight=[1,2)|bad loss spec at column 25: ')' before the '[' at column 21 is closed",
        "crossentropy(weight=1,2])|bad loss spec at column 24: ']' before the '(' at column 13 is closed",
        "crossentropy(weight=[1,2]|bad loss spec at column 13: '(' is never closed: missing ')'",
        "crossentropy(weight=[1,2]))|bad loss spec at column 27: unbalanced ')'",
        "mse mse|bad loss spec at column 5: one loss expected, then 'mse'",
        "crossentropy(weight=[1,2],weight=[3])|bad loss spec at column 27: option 'weight' given twice",
    })
    void badTextPointsAtTheColumn(String text, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> loss(text));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertTrue(e.getMessage().lines().skip(2).findFirst().orElse("").contains("^"), e.getMessage());
    }

    @Test
    void anEmptySpecNamesTheLosses() {
        var e = assertThrows(IllegalArgumentException.class, () -> loss(" "));
        assertTrue(e.getMessage().startsWith("loss spec is empty; expected a name, e.g. bce,"), e.getMessage());
    }

    @Test
    void listValuesReadWithOrWithoutBrackets() {
        Options o = Options.of("a", "[1, 2,0.5]", "b", "(0.9,0.999)", "c", "0.9,0.999", "d", "[1,,2]", "e", "[]",
                "f", "[1, 2, x]");
        assertArrayEquals(new float[] {1, 2, 0.5f}, o.getFloats("a", null));
        assertArrayEquals(new float[] {0.9f, 0.999f}, o.getFloats("b", null));
        assertArrayEquals(new float[] {0.9f, 0.999f}, o.getFloats("c", null));
        // a bad entry is named by its place, counted from 1
        assertEquals("option 'd': entry 2 '' is not a number",
                assertThrows(IllegalArgumentException.class, () -> o.getFloats("d", null)).getMessage());
        assertEquals("option 'f': entry 3 'x' is not a number",
                assertThrows(IllegalArgumentException.class, () -> o.getFloats("f", null)).getMessage());
        assertEquals("option 'e' must be a list of numbers, got '[]'",
                assertThrows(IllegalArgumentException.class, () -> o.getFloats("e", null)).getMessage());
    }

    @Test
    void aModelSpecSplitsNothingInsideBrackets() {
        // a bracket in a layer's argument stays in its value, and the layer reports the value, not the grammar
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("linear(3, [4, 5]) relu"));
        assertTrue(e.getMessage().startsWith("bad model spec at column 1: layer 0 'linear': "), e.getMessage());
        assertTrue(e.getMessage().contains("[4, 5]"), e.getMessage());
    }
}
