package dev.lanes.cli.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request threads with a bounded queue. When threads and queue are full the request is not dropped (the JDK
 * server would close the connection without a word) but run at once on the accepting thread in "overloaded"
 * mode, where the handler answers 503 without touching the model: cheap, and the client learns to back off.
 */
final class RequestExecutor extends ThreadPoolExecutor {

    private static final ThreadLocal<Boolean> OVERLOADED = ThreadLocal.withInitial(() -> false);

    RequestExecutor(int threads, int queue) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), namedDaemons(),
                (task, executor) -> answerOverloaded(task));
    }

    /** True on a thread that runs a request only to answer 503. */
    static boolean overloaded() {
        return OVERLOADED.get();
    }

    private static void answerOverloaded(Runnable task) {
        OVERLOADED.set(true);
        try {
            task.run();
        } finally {
            OVERLOADED.remove();
        }
    }

    private static ThreadFactory namedDaemons() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "lanes-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
