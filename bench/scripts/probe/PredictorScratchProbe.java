package dev.lanes.kernel.vector;

import dev.lanes.infer.Predictor;
import dev.lanes.spi.ModelSpec;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How much scratch a {@link Predictor} keeps per thread: a pool's threads each run one batch, and the heap in use
 * after garbage collection is compared with the same pool before (README, "Embed it in your service"). Public API
 * only; it sits in this package because probe.sh runs its probes from here.
 *
 * <p>Arguments: spec (e.g. 784-512-256-10:relu,relu,none); threads; batch sizes, comma-separated.
 */
public final class PredictorScratchProbe {

    public static void main(String[] args) throws Exception {
        String spec = args[0];
        int threads = Integer.parseInt(args[1]);
        Predictor predictor = Predictor.of(ModelSpec.parse(spec, 1));
        System.out.println("| network | threads | batch | retained MB | per thread MB |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String b : args[2].split(",")) {
            int batch = Integer.parseInt(b);
            float[] in = new float[batch * predictor.inputWidth()];
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            runOnEach(pool, threads, () -> { }); // the threads exist before the first measurement
            long before = usedHeap();
            runOnEach(pool, threads, () -> predictor.predictBatch(in, batch));
            long retained = usedHeap() - before;
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.3f |", spec, threads, batch,
                    retained / 1e6, retained / 1e6 / threads));
            pool.shutdown();
        }
    }

    /** Runs {@code work} once on each of the pool's {@code threads} threads (a barrier keeps one task per thread). */
    private static void runOnEach(ExecutorService pool, int threads, Runnable work) throws InterruptedException {
        CyclicBarrier together = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                try {
                    together.await();
                    work.run();
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
