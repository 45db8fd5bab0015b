package dev.lanes.tensor;

/**
 * Whether operations record a graph for autograd, per thread — PyTorch's {@code torch.no_grad()}.
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     w.subInPlace(w.grad().mul(lr));
 * }
 * }</pre>
 */
public final class GradMode {

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** True unless the calling thread is inside a {@link #noGrad()} scope. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables graph recording on this thread until the returned scope is closed; scopes nest. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Re-enables graph recording on this thread until the returned scope is closed. */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** A grad-mode scope; closing it restores the previous mode. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
