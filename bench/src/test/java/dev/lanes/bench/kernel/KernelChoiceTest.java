package dev.lanes.bench.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.kernel.Kernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KernelChoiceTest {

    @AfterEach
    void oneThreadAgain() {
        Kernels.setThreads(1);
    }

    @Test
    void scalarWithMoreThanOneThreadIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, gemm("scalar", "all")::setUp);
        assertEquals("impl=scalar runs on one thread (the scalar kernel ignores threads); use threads=1 with it, "
                + "got threads=all", e.getMessage());
        gemm("scalar", "1").setUp();
    }

    @Test
    void vectorTakesAllThreads() {
        gemm("vector", "all").setUp();
        assertEquals(Runtime.getRuntime().availableProcessors(), Kernels.threads());
    }

    private static GemmBenchmark gemm(String impl, String threads) {
        GemmBenchmark b = new GemmBenchmark();
        b.shape = "64";
        b.form = "matmul";
        b.impl = impl;
        b.threads = threads;
        return b;
    }
}
