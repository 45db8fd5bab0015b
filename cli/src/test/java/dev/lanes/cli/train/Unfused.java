package dev.lanes.cli.train;

import dev.lanes.nn.Module;
import dev.lanes.nn.Sequential;
import dev.lanes.tensor.Tensor;

/**
 * A Sequential wrapped so that it is not one: the trainer takes its autograd loop, the reference that tests compare
 * the fused path with.
 */
public final class Unfused extends Module {

    /** Hears nothing: for a trainer whose progress a test does not print. */
    public static final Trainer.Listener QUIET = new Trainer.Listener() {
        @Override
        public void batchDone(int epoch, int done, int total, double loss, double seconds) {
        }

        @Override
        public void epochDone(Trainer.EpochResult result) {
        }
    };

    private final Sequential inner;

    public Unfused(Sequential inner) {
        this.inner = registerModule("inner", inner);
    }

    @Override
    public Tensor forward(Tensor input) {
        return inner.forward(input);
    }
}
