package dev.lanes.kernel;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the {@link Kernel} once, at first use, in the spirit of Lucene's {@code VectorizationProvider}.
 *
 * <p>System property {@code lanes.kernel}: {@code auto} (default) uses the Vector API when the
 * {@code jdk.incubator.vector} module is readable, else scalar with one warning; {@code vector} insists on it
 * (failing if it is absent); {@code scalar} forces the reference path. System property {@code lanes.threads}
 * sets the worker count for large problems ({@link #setThreads}).
 */
public final class Kernels {

    public static final String PROPERTY = "lanes.kernel";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_IMPL = "dev.lanes.kernel.vector.VectorKernel";
    private static final System.Logger LOG = System.getLogger("dev.lanes.kernel");

    private Kernels() {
    }

    private static final class Holder { // lazy, thread-safe initialisation
        static final Choice CHOICE = choose(System.getProperty(PROPERTY, "auto"));
    }

    /** The kernel every op in the engine goes through. */
    public static Kernel get() {
        return Holder.CHOICE.kernel();
    }

    /** One line saying which path is active and why, e.g. for {@code lanes --version}. */
    public static String describe() {
        return Holder.CHOICE.reason();
    }

    /** True when the Vector API path is active. */
    public static boolean vectorActive() {
        return !(get() instanceof ScalarKernel);
    }

    /**
     * Sets how many threads large kernel calls (big GEMMs) split across; 1 keeps all work on the calling thread.
     * Default: available processors, or system property {@code lanes.threads}.
     */
    public static void setThreads(int threads) {
        KernelThreads.setThreads(threads);
    }

    /** The thread count large kernel calls use. */
    public static int threads() {
        return KernelThreads.threads();
    }

    /** The scalar reference, always available (tests compare against it). */
    public static Kernel scalar() {
        return Scalar.INSTANCE;
    }

    private static final class Scalar {
        static final Kernel INSTANCE = new ScalarKernel();
    }

    record Choice(Kernel kernel, String reason) {
    }

    static Choice choose(String requested) {
        String mode = requested.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "scalar":
                return log(new Choice(scalar(), "scalar (forced by -D" + PROPERTY + "=scalar)"), Level.INFO);
            case "vector", "auto":
                break;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested
                        + " is not one of: auto, vector, scalar");
        }
        // Detect the module before touching any vector class: loading one without it throws NoClassDefFoundError.
        boolean readable = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
        if (!readable) {
            String why = "scalar (the " + VECTOR_MODULE + " module is not enabled: add `--add-modules "
                    + VECTOR_MODULE + "` to the java command line for the SIMD path)";
            if (mode.equals("vector")) {
                throw new IllegalStateException("-D" + PROPERTY + "=vector was requested but " + why);
            }
            return log(new Choice(scalar(), why), Level.WARNING);
        }
        try {
            Kernel vector = (Kernel) Class.forName(VECTOR_IMPL).getDeclaredConstructor().newInstance();
            return log(new Choice(vector, vector.description()), Level.INFO);
        } catch (ReflectiveOperationException | LinkageError e) {
            String why = "scalar (the vector kernel could not be loaded: " + e + ")";
            if (mode.equals("vector")) {
                throw new IllegalStateException("-D" + PROPERTY + "=vector was requested but " + why, e);
            }
            return log(new Choice(scalar(), why), Level.WARNING);
        }
    }

    private static Choice log(Choice choice, Level level) {
        LOG.log(level, "Lanes kernels: " + choice.reason());
        return choice;
    }
}
