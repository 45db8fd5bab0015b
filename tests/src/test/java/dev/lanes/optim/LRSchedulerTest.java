package dev.lanes.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.layers.optim.SGD;
import dev.lanes.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The schedules give PyTorch 2.13's learning rates, epoch by epoch, for two parameter groups (lr 0.1 and 0.02):
 * {@code s.get_last_lr()} after each {@code o.step(); s.step()}.
 */
class LRSchedulerTest {

    private static float[][] run(Function<Optimizer, LRScheduler> make) {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1f);
        sgd.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)));
        sgd.paramGroups().get(1).setLr(0.02f);
        LRScheduler schedule = make.apply(sgd);
        float[][] lrs = new float[8][];
        for (int e = 0; e < lrs.length; e++) {
            sgd.step();
            schedule.step();
            lrs[e] = schedule.lastLr();
        }
        assertEquals(8, schedule.epoch());
        return lrs;
    }

    private static void assertLrs(float[][] expected, float[][] actual) {
        for (int e = 0; e < expected.length; e++) {
            for (int g = 0; g < 2; g++) {
                assertEquals(expected[e][g], actual[e][g], 1e-6f * expected[e][g], "epoch " + (e + 1) + " group " + g);
            }
        }
    }

    @Test
    void stepLr() {
        assertLrs(new float[][] {{0.1f, 0.02f}, {0.1f, 0.02f}, {0.05f, 0.01f}, {0.05f, 0.01f}, {0.05f, 0.01f},
            {0.025f, 0.005f}, {0.025f, 0.005f}, {0.025f, 0.005f}}, run(o -> LRScheduler.step(o, 3, 0.5f)));
    }

    @Test
    void exponentialLr() {
        assertLrs(new float[][] {{0.09f, 0.018f}, {0.081f, 0.0162f}, {0.0729f, 0.01458f}, {0.06561f, 0.013122f},
            {0.059049f, 0.0118098f}, {0.0531441f, 0.01062882f}, {0.04782969f, 0.009565938f},
            {0.043046721f, 0.0086093442f}}, run(o -> LRScheduler.exponential(o, 0.9f)));
    }

    @Test
    void cosineAnnealingLrGoesDownToEtaMinAndBackAsPyTorch() {
        assertLrs(new float[][] {{0.0905463412f, 0.0181856614f}, {0.0657963412f, 0.0134356614f},
            {0.0352036588f, 0.00756433855f}, {0.0104536588f, 0.00281433855f}, {0.001f, 0.001f},
            {0.0104536588f, 0.00281433855f}, {0.0352036588f, 0.00756433855f}, {0.0657963412f, 0.0134356614f}},
                run(o -> LRScheduler.cosineAnnealing(o, 5, 0.001f)));
    }

    @Test
    void badArgumentsAndGroupsAddedLaterAreRefused() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1f);
        assertThrows(IllegalArgumentException.class, () -> LRScheduler.step(sgd, 0, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> LRScheduler.exponential(sgd, -1f));
        assertThrows(IllegalArgumentException.class, () -> LRScheduler.cosineAnnealing(sgd, 5, Float.NaN));
        LRScheduler schedule = LRScheduler.exponential(sgd, 0.5f);
        sgd.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)));
        var e = assertThrows(IllegalStateException.class, schedule::step);
        assertTrue(e.getMessage().contains("make the schedule after the groups"), e.getMessage());
        assertArrayEquals(new float[] {0.1f, 0.1f}, schedule.lastLr());
    }

    /** Two groups with lrs 0.1 and 0.02, as {@link #run} makes them. */
    private static SGD twoGroups() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1f);
        sgd.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)));
        sgd.paramGroups().get(1).setLr(0.02f);
        return sgd;
    }

    /**
     * A schedule restored from its state dict goes on as the one saved, even when made after the optimizer's state
     * was loaded (its lrs already decayed, which a fresh schedule would take as base lrs).
     */
    @Test
    void aRestoredScheduleContinuesTheSavedOne() {
        SGD first = twoGroups();
        LRScheduler saved = LRScheduler.step(first, 3, 0.5f);
        for (int e = 0; e < 4; e++) {
            saved.step();
        }
        Map<String, String> state = new java.util.HashMap<>(saved.stateDict());
        state.put("epoch", "4"); // a checkpoint's other entries are ignored

        SGD second = twoGroups();
        second.loadStateDict(first.stateDict()); // lrs 0.05 and 0.01 now
        LRScheduler restored = LRScheduler.step(second, 3, 0.5f);
        restored.loadStateDict(state);
        assertEquals(4, restored.epoch());
        for (int e = 0; e < 5; e++) {
            saved.step();
            restored.step();
            assertArrayEquals(saved.lastLr(), restored.lastLr(), 0f, "epoch " + saved.epoch());
        }
    }

    @Test
    void aBrokenStateIsRefusedNamingTheEntryAndChangesNothing() {
        LRScheduler schedule = LRScheduler.exponential(twoGroups(), 0.9f);
        schedule.step();
        Map<String, String> good = schedule.stateDict();
        String[][] cases = {
            {LRScheduler.LAST_EPOCH, null, "the state has no lr_scheduler.last_epoch"},
            {LRScheduler.LAST_EPOCH, "two", "lr_scheduler.last_epoch 'two' is not a whole number"},
            {LRScheduler.LAST_EPOCH, "-1", "lr_scheduler.last_epoch must be >= 0, got -1"},
            {LRScheduler.BASE_LRS, "0.1", "lr_scheduler.base_lrs holds 1 lr but the optimizer has 2 parameter groups"},
            {LRScheduler.BASE_LRS, "0.1,x", "lr_scheduler.base_lrs entry 2 'x' is not a finite lr >= 0"},
            {LRScheduler.BASE_LRS, "0.1,-0.5", "lr_scheduler.base_lrs entry 2 '-0.5' is not a finite lr >= 0"}};
        for (String[] c : cases) {
            Map<String, String> bad = new java.util.HashMap<>(good);
            if (c[1] == null) {
                bad.remove(c[0]);
            } else {
                bad.put(c[0], c[1]);
            }
            var e = assertThrows(IllegalArgumentException.class, () -> schedule.loadStateDict(bad), c[2]);
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
            assertEquals(1, schedule.epoch());
        }
        assertEquals(good, schedule.stateDict());
    }

    @Test
    void countsInMessagesAgreeWithTheirNouns() {
        LRScheduler oneGroup = LRScheduler.exponential(new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1f), 0.9f);
        Map<String, String> twoLrs = new java.util.HashMap<>(oneGroup.stateDict());
        twoLrs.put(LRScheduler.BASE_LRS, "0.1,0.2");
        var loaded = assertThrows(IllegalArgumentException.class, () -> oneGroup.loadStateDict(twoLrs));
        assertTrue(loaded.getMessage().endsWith("holds 2 lrs but the optimizer has 1 parameter group"),
                loaded.getMessage());

        SGD grows = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1f);
        LRScheduler schedule = LRScheduler.exponential(grows, 0.9f);
        grows.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)));
        var stepped = assertThrows(IllegalStateException.class, schedule::step);
        assertTrue(stepped.getMessage().contains("had 1 parameter group when the schedule was made and has 2 now"),
                stepped.getMessage());
    }
}
