package dev.lanes.cli.serve;

import dev.lanes.io.ModelMetadata;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A served model whose predictions wait at a gate the test opens, so requests can be held in flight. */
final class GatedModel implements ServedModel {

    private final ServedModel inner;
    final Semaphore entered = new Semaphore(0);
    final CountDownLatch gate = new CountDownLatch(1);

    GatedModel(ServedModel inner) {
        this.inner = inner;
    }

    @Override
    public float[] predict(float[] x, int rows) {
        entered.release();
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return inner.predict(x, rows);
    }

    @Override
    public int inputs() {
        return inner.inputs();
    }

    @Override
    public int outputs() {
        return inner.outputs();
    }

    @Override
    public List<String> layers() {
        return inner.layers();
    }

    @Override
    public int embeddingWidth(int layer) {
        return inner.embeddingWidth(layer);
    }

    @Override
    public long parameterCount() {
        return inner.parameterCount();
    }

    @Override
    public ModelMetadata metadata() {
        return inner.metadata();
    }

    @Override
    public float[] embed(float[] x, int rows, int layer) {
        return inner.embed(x, rows, layer);
    }
}
