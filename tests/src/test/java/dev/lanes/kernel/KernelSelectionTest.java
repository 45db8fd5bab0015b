package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernel.vector.VectorKernel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which kernel runs, and the thread setting. */
class KernelSelectionTest {

    /** Surefire passes --add-modules jdk.incubator.vector: if the SIMD path is off here, the build is wrong. */
    @Test
    void vectorPathIsActiveInTheTestJvm() {
        assertTrue(Kernels.vectorActive(), "expected the Vector API kernel, got: " + Kernels.describe());
        assertInstanceOf(VectorKernel.class, Kernels.get());
    }

    @Test
    @Checks("description")
    void descriptionsNameThePathAndWidth() {
        assertEquals("scalar", new ScalarKernel().description());
        String vector = new VectorKernel().description();
        assertTrue(vector.matches("vector \\(\\d+-bit, \\d+ float lanes\\)"), vector);
    }

    @Test
    void scalarCanBeForced() {
        Kernels.Choice choice = Kernels.choose(" Scalar ");
        assertInstanceOf(ScalarKernel.class, choice.kernel());
        assertTrue(choice.reason().contains("forced"), choice.reason());
    }

    @Test
    void vectorCanBeRequested() {
        assertInstanceOf(VectorKernel.class, Kernels.choose("vector").kernel());
        assertInstanceOf(VectorKernel.class, Kernels.choose("auto").kernel());
    }

    /** The narrow-vectors test run (tests/pom.xml) must really run on 8 lanes, or it tests nothing new. */
    @Test
    void vectorWidthIsTheOneThisRunAskedFor() {
        String expected = System.getProperty("lanes.test.expectLanes");
        if (expected != null) {
            assertTrue(Kernels.describe().contains(expected + " float lanes"), Kernels.describe());
        }
    }

    @Test
    void unknownChoiceNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.choose("gpu"));
        assertTrue(e.getMessage().contains("lanes.kernel=gpu"), e.getMessage());
    }

    /** More threads than processors is allowed (containers may under-report) but logged as a warning, once per call. */
    @Test
    void moreThreadsThanProcessorsIsAWarning() {
        int before = Kernels.threads();
        int processors = Runtime.getRuntime().availableProcessors();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.lanes.kernel");
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            Kernels.setThreads(processors);
            assertEquals(java.util.List.of(), warnings, "one thread per processor is no warning");
            Kernels.setThreads(processors * 8);
            assertEquals(java.util.List.of("Kernels.setThreads(" + processors * 8 + "): " + processors * 8
                    + " kernel threads on " + processors + " available processors; large products run fastest with"
                    + " at most one thread per processor"), warnings);
        } finally {
            log.removeHandler(capture);
            Kernels.setThreads(before);
        }
    }

    @Test
    void threadCountIsValidatedAndRestorable() {
        int before = Kernels.threads();
        assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
        Kernels.setThreads(3);
        try {
            assertEquals(3, Kernels.threads());
            AtomicInteger ran = new AtomicInteger();
            KernelThreads.run(5, (part, parts) -> ran.addAndGet(1 << part));
            assertEquals(0b11111, ran.get(), "every part runs exactly once");
            RuntimeException boom = new IllegalStateException("boom");
            assertEquals(boom, assertThrows(IllegalStateException.class,
                    () -> KernelThreads.run(3, (part, parts) -> {
                        if (part == 2) {
                            throw boom;
                        }
                    })), "a worker's failure reaches the caller");
        } finally {
            Kernels.setThreads(before);
        }
        assertEquals(before, Kernels.threads());
    }

    /**
     * Jobs back to back, some after a pause long enough for the workers to stop spinning and park: every part of
     * every job runs exactly once, and no wake-up is lost (a lost one would hang here, hence the time limit).
     */
    @Test
    void workersWakeForEveryJobWhetherSpinningOrParked() {
        int before = Kernels.threads();
        Kernels.setThreads(2);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                AtomicInteger ran = new AtomicInteger();
                for (int job = 0; job < 3000; job++) {
                    if (job % 300 == 0) {
                        Thread.sleep(2); // longer than the default spin: the worker parks
                    }
                    ran.set(0);
                    KernelThreads.run(4, (part, parts) -> ran.addAndGet(1 << part));
                    assertEquals(0b1111, ran.get(), "job " + job);
                }
            });
        } finally {
            Kernels.setThreads(before);
        }
    }

    /**
     * Jobs so short that the caller finishes them before a parked worker wakes: the worker must go back to sleep
     * after its spin, not loop on a job that is gone (a bug seen once: a core stayed busy until the next job).
     */
    @Test
    void idleWorkersStopUsingTheCpu() throws Exception {
        int before = Kernels.threads();
        Kernels.setThreads(2);
        try {
            for (int job = 0; job < 50; job++) {
                Thread.sleep(1); // longer than the spin: the worker parks before each job
                KernelThreads.run(2, (part, parts) -> { });
            }
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("lanes-kernel-") && t.isAlive()).toList();
            assertTrue(!workers.isEmpty(), "the pool has workers");
            Thread.sleep(50); // past any spin
            long start = workers.stream().mapToLong(t -> cpu.getThreadCpuTime(t.threadId())).sum();
            Thread.sleep(500);
            long used = workers.stream().mapToLong(t -> cpu.getThreadCpuTime(t.threadId())).sum() - start;
            assertTrue(used < 100_000_000L, "idle workers used " + used / 1_000_000 + " ms of CPU in 500 ms");
        } finally {
            Kernels.setThreads(before);
        }
    }
}
