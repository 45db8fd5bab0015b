package dev.lanes.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.spi.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One predictor shared by 8 threads gives, bit for bit, what it gives on one thread: nothing it writes is shared.
 * Each thread mixes single rows, batches, classes and embeddings so their scratch space is used in every way at once.
 * The tanh layer also checks that its kernel gives the same bits before and after the JIT compiles it.
 */
class PredictorConcurrencyTest {

    static final int THREADS = 8;
    static final int ROUNDS = 300;
    static final int ROWS = 64;

    @Test
    void eightThreadsGiveTheSingleThreadedResults() throws Exception {
        Predictor p = Predictor.of(ModelSpec.parse("32-64-48-10:relu,tanh,none", 42));
        float[] inputs = PredictorTest.randomRows(5, ROWS * 32);
        float[] expected = new float[ROWS * 10];
        float[] expectedEmbed = new float[ROWS * 48];
        int[] expectedClass = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            float[] row = java.util.Arrays.copyOfRange(inputs, r * 32, r * 32 + 32);
            System.arraycopy(p.predict(row), 0, expected, r * 10, 10);
            System.arraycopy(p.embed(row, 3), 0, expectedEmbed, r * 48, 48);
            expectedClass[r] = p.predictClass(row);
        }
        float[] expectedBatch = p.predictBatch(inputs, ROWS);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                Callable<Integer> job = () -> {
                    start.await();
                    float[] row = new float[32];
                    float[] out = new float[10];
                    float[] embedding = new float[48];
                    float[] batchOut = new float[ROWS * 10];
                    int checked = 0;
                    for (int i = 0; i < ROUNDS; i++) {
                        int r = (i * 7 + offset) % ROWS;
                        System.arraycopy(inputs, r * 32, row, 0, 32);
                        p.predict(row, out);
                        assertArrayEquals(java.util.Arrays.copyOfRange(expected, r * 10, r * 10 + 10), out);
                        p.embed(row, 3, embedding);
                        assertArrayEquals(java.util.Arrays.copyOfRange(expectedEmbed, r * 48, r * 48 + 48),
                                embedding);
                        assertEquals(expectedClass[r], p.predictClass(row));
                        if (i % 25 == 0) {
                            p.predictBatch(inputs, ROWS, batchOut);
                            assertArrayEquals(expectedBatch, batchOut);
                        }
                        checked++;
                    }
                    return checked;
                };
                results.add(pool.submit(job));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertEquals(ROUNDS, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
