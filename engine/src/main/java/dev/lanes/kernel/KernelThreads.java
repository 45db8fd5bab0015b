package dev.lanes.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The worker pool that large kernel calls split across. Its size is settable ({@link Kernels#setThreads} or
 * system property {@code lanes.threads}; default: available processors). Callers decide what is large: small
 * problems never come here and run on the calling thread with no task overhead.
 *
 * <p>The calling thread runs part 0 itself; a call made from inside a worker runs all parts inline, so nested
 * parallel kernels cannot deadlock the pool.
 */
public final class KernelThreads {

    public static final String PROPERTY = "lanes.threads";

    /** One slice of a parallel loop: runs part {@code part} of {@code parts}. */
    @FunctionalInterface
    public interface Part {
        void run(int part, int parts);
    }

    private static volatile int threads = initialThreads();
    private static final AtomicReference<ExecutorService> POOL = new AtomicReference<>();
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private KernelThreads() {
    }

    private static int initialThreads() {
        String value = System.getProperty(PROPERTY);
        int fallback = Runtime.getRuntime().availableProcessors();
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return checked(Integer.parseInt(value.trim()), "-D" + PROPERTY + "=" + value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a whole number of threads", e);
        }
    }

    private static int checked(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + ": the number of kernel threads must be >= 1, got " + n);
        }
        return n;
    }

    /** How many threads large kernel calls use (1 = everything on the calling thread). */
    public static int threads() {
        return threads;
    }

    /** Sets the thread count for later calls; the old pool is shut down once its running work ends. */
    public static synchronized void setThreads(int n) {
        threads = checked(n, "Kernels.setThreads(" + n + ")");
        ExecutorService old = POOL.getAndSet(null);
        if (old != null) {
            old.shutdown();
        }
    }

    /** True when the current thread may fan out (it is not already a pool worker and threads() > 1). */
    public static boolean canSplit() {
        return threads > 1 && !IN_WORKER.get();
    }

    /** Runs {@code parts} slices, part 0 on the calling thread, and returns when all are done. */
    public static void run(int parts, Part body) {
        if (parts <= 1 || IN_WORKER.get()) {
            for (int p = 0; p < parts; p++) {
                body.run(p, parts);
            }
            return;
        }
        ExecutorService pool = pool();
        CountDownLatch done = new CountDownLatch(parts - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int p = 1; p < parts; p++) {
            int part = p;
            pool.execute(() -> {
                try {
                    body.run(part, parts);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            body.run(0, parts);
        } finally {
            awaitUninterruptibly(done);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ExecutorService pool() {
        ExecutorService pool = POOL.get();
        if (pool != null) {
            return pool;
        }
        synchronized (KernelThreads.class) {
            pool = POOL.get();
            if (pool == null) {
                // The caller runs one part itself, so threads - 1 workers suffice.
                pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                    Thread t = new Thread(() -> {
                        IN_WORKER.set(Boolean.TRUE);
                        r.run();
                    }, "lanes-kernel");
                    t.setDaemon(true);
                    return t;
                });
                POOL.set(pool);
            }
            return pool;
        }
    }
}
