package dev.lanes.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.optim.plugin.Lion;
import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An optimizer registered only in the tests' META-INF/services is found by name and trains. */
class CustomOptimizerPluginTest {

    @Test
    void isDiscoveredByNameNextToTheBuiltIns() {
        assertTrue(Optimizers.registry().names().containsAll(Set.of("lion", "sgd", "adam")));
        assertInstanceOf(Lion.class, Optimizers.create("LION", List.of(Tensor.zeros(1).requiresGrad(true))));
    }

    @Test
    void trainsTheParityProblem() {
        OptimFixture.Problem problem = OptimFixture.problem();
        Tensor w = problem.initialW();
        Tensor b = problem.initialB();
        Optimizer lion = Optimizers.create("lion", List.of(w, b), Options.of("lr", 0.01, "betas", "0.9,0.99"));
        float first = 0f;
        float last = 0f;
        for (int t = 0; t < 100; t++) {
            lion.zeroGrad();
            Tensor loss = problem.loss(w, b);
            loss.backward();
            lion.step();
            last = loss.item();
            first = t == 0 ? last : first;
        }
        assertTrue(last < 0.5f * first, "loss went from " + first + " to " + last);
        assertEquals(100, lion.state(w).step());
    }

    @Test
    void unknownOptionsAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create("lion",
                List.of(Tensor.zeros(1).requiresGrad(true)), Options.of("momentum", 0.9)));
        assertTrue(e.getMessage().contains("lion: unknown option 'momentum'; known options: lr, betas, weight_decay"),
                e.getMessage());
    }

    @Test
    void anUnknownNameListsTheRegisteredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create("adamax", List.of(Tensor.zeros(1).requiresGrad(true))));
        assertTrue(e.getMessage().contains("unknown optimizer 'adamax'; known optimizers: adagrad, adam, adamw, lion"),
                e.getMessage());
    }
}
