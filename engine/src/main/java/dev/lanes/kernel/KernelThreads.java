package dev.lanes.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker pool that large kernel calls split across. Its size is settable ({@link Kernels#setThreads} or
 * system property {@code lanes.threads}; default: available processors). Callers decide what is large: small
 * problems never come here and run on the calling thread with no task overhead.
 *
 * <p>The calling thread takes slices too; a call made from inside a worker runs all parts inline, so nested
 * parallel kernels cannot deadlock the pool.
 *
 * <p>Between jobs a worker spins for a short while ({@code lanes.spinMicros}, default {@value #DEFAULT_SPIN_MICROS}
 * µs; 0 parks at once) before it parks: a training step or a layer-by-layer forward pass issues its parallel calls
 * tens of µs apart, and waking a parked thread cost 4-70 µs on these shared cores — more than a batch-1 layer
 * takes. The caller waits for the last slice the same way.
 */
public final class KernelThreads {

    public static final String PROPERTY = "lanes.threads";
    /** System property: how long (µs) an idle worker spins before it parks. */
    public static final String SPIN_PROPERTY = "lanes.spinMicros";
    static final int DEFAULT_SPIN_MICROS = 200;
    private static final long SPIN_NANOS = spinNanos();

    /** One slice of a parallel loop: runs part {@code part} of {@code parts}. */
    @FunctionalInterface
    public interface Part {
        void run(int part, int parts);
    }

    private static volatile int threads = initialThreads();
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Held by the one caller whose job the workers serve; other callers meanwhile run their parts inline. */
    private static final ReentrantLock DISPATCH = new ReentrantLock();
    private static Crew crew; // guarded by DISPATCH

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

    private static long spinNanos() {
        String value = System.getProperty(SPIN_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_SPIN_MICROS * 1000L;
        }
        try {
            long micros = Long.parseLong(value.trim());
            if (micros < 0) {
                throw new IllegalArgumentException(
                        "-D" + SPIN_PROPERTY + "=" + value + ": must be >= 0 (microseconds)");
            }
            return micros * 1000L;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + SPIN_PROPERTY + "=" + value + " is not a whole number of microseconds", e);
        }
    }

    private static int checked(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + ": the number of kernel threads must be >= 1, got " + n);
        }
        int processors = Runtime.getRuntime().availableProcessors();
        if (n > processors) { // allowed (a container may under-report), but slower: the slices wait for each other
            System.getLogger("dev.lanes.kernel").log(System.Logger.Level.WARNING, what + ": " + n
                    + " kernel threads on " + processors + " available processors; large products run fastest with"
                    + " at most one thread per processor");
        }
        return n;
    }

    /** How many threads large kernel calls use (1 = everything on the calling thread). */
    public static int threads() {
        return threads;
    }

    /** Sets the thread count for later calls; the old workers stop once they finish what they run. */
    public static void setThreads(int n) {
        threads = checked(n, "Kernels.setThreads(" + n + ")");
        DISPATCH.lock();
        try {
            if (crew != null) {
                crew.stop();
                crew = null;
            }
        } finally {
            DISPATCH.unlock();
        }
    }

    /** True when the current thread may fan out (it is not already a pool worker and threads() > 1). */
    public static boolean canSplit() {
        return threads > 1 && !IN_WORKER.get();
    }

    /**
     * Runs {@code parts} slices and returns when all are done; the calling thread takes slices too. Allocates
     * nothing once the workers exist. Runs everything inline when called from a worker, when threads() is 1, or
     * while another caller's job has the workers.
     */
    public static void run(int parts, Part body) {
        if (parts <= 1 || threads == 1 || IN_WORKER.get() || !DISPATCH.tryLock()) {
            for (int p = 0; p < parts; p++) {
                body.run(p, parts);
            }
            return;
        }
        try {
            if (crew == null || crew.size != threads - 1) {
                if (crew != null) {
                    crew.stop();
                }
                crew = new Crew(threads - 1);
            }
            crew.run(parts, body);
        } finally {
            DISPATCH.unlock();
        }
    }

    /**
     * Fixed worker threads that take slices of the current job from a shared cursor. The cursor holds the job's
     * generation in its high half, so a worker still finishing an old job can never claim a slice of a new one.
     */
    private static final class Crew {
        final int size;
        private final Thread[] workers;
        /** Per worker: true while it is parked (or about to park), so the caller unparks only sleepers. */
        private final AtomicIntegerArray sleeping;
        private final AtomicLong cursor = new AtomicLong();
        private final AtomicInteger remaining = new AtomicInteger();
        private volatile Part job;
        private volatile int parts;
        private volatile int generation;
        private volatile boolean stopped;
        private volatile Thread caller;
        private volatile Throwable failure;

        Crew(int size) {
            this.size = size;
            workers = new Thread[size];
            sleeping = new AtomicIntegerArray(size);
            for (int i = 0; i < size; i++) {
                int index = i;
                Thread t = new Thread(() -> work(index), "lanes-kernel-" + i);
                t.setDaemon(true);
                workers[i] = t;
                t.start();
            }
        }

        void run(int count, Part body) {
            int g = generation + 1;
            failure = null;
            caller = Thread.currentThread();
            parts = count;
            job = body;
            remaining.set(count);
            cursor.set((long) g << 32);
            generation = g; // publishes everything above
            for (int i = 0; i < workers.length; i++) {
                if (sleeping.get(i) != 0) {
                    LockSupport.unpark(workers[i]);
                }
            }
            takeSlices(g, body, count);
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (remaining.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            job = null;
            Throwable t = failure;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
        }

        /** Next unclaimed slice of generation g, or -1 when none is left (or g is over). */
        private int claim(int g, int count) {
            while (true) {
                long v = cursor.get();
                int slice = (int) v;
                if ((int) (v >>> 32) != g || slice >= count) {
                    return -1;
                }
                if (cursor.compareAndSet(v, v + 1)) {
                    return slice;
                }
            }
        }

        private void takeSlices(int g, Part body, int count) {
            for (int p = claim(g, count); p >= 0; p = claim(g, count)) {
                try {
                    body.run(p, count);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        private void work(int index) {
            IN_WORKER.set(Boolean.TRUE);
            int seen = 0;
            long spinUntil = 0;
            while (!stopped) {
                int g = generation;
                Part body = job;
                int count = parts;
                if (g != seen) {
                    seen = g;
                    if (body != null) { // null: the caller already finished that job alone
                        takeSlices(g, body, count);
                    }
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                } else if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    // Announce the nap, then look again: run() publishes the generation before it reads the flag,
                    // so either it sees the flag and unparks us, or we see its new generation here.
                    sleeping.set(index, 1);
                    if (generation == seen && !stopped) {
                        LockSupport.park(this);
                    }
                    sleeping.set(index, 0);
                }
            }
        }

        void stop() {
            stopped = true; // a spinning worker sees this; a parked one needs the unpark
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
        }
    }
}
