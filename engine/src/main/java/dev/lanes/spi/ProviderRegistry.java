package dev.lanes.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Providers of one kind found with {@link ServiceLoader}, looked up by case-insensitive name (in the spirit of
 * Lucene's {@code NamedSPILoader}). Two providers with one name fail loudly, naming both classes; an unknown
 * name fails with the list of known names. Names follow the model-spec grammar ({@code [A-Za-z_][A-Za-z0-9_]*}), so
 * every registered provider can be written in a spec, on the command line and in a model file.
 */
public final class ProviderRegistry<P extends NamedProvider> {

    /** Ends the message for an unknown name, so a program that knows where its jars come from can add that. */
    public static final String MISSING_JAR = "A jar providing it may be missing from the class path";

    /** What a provider may be called: the model-spec grammar's layer names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String kind;
    private final Map<String, P> byName;

    private ProviderRegistry(String kind, Map<String, P> byName) {
        this.kind = kind;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Loads every provider of {@code type} visible to the calling thread's context class loader or to the class loader
     * that loaded {@code type} (the engine's own): a plugin loaded by an application's class loader is found, and so
     * are the built-ins when the context loader cannot see them. A provider seen through both loaders counts once.
     *
     * @throws PluginLoadException naming the provider when one cannot be loaded or breaks the rules of {@link #of}
     */
    public static <P extends NamedProvider> ProviderRegistry<P> load(Class<P> type, String kind) {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(type.getClassLoader());
        List<P> providers = new ArrayList<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (ClassLoader loader : loaders) {
            try {
                for (P p : ServiceLoader.load(type, loader)) {
                    if (seen.add(p.getClass())) {
                        providers.add(p);
                    }
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                throw new PluginLoadException("could not load the " + kind + " plugins: " + describe(e)
                        + " (check the jars on the class path that list a " + type.getName() + ")", e);
            }
        }
        return of(kind, providers);
    }

    /** The error's message with its causes', which say why a provider could not be built. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(" ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    /**
     * Builds a registry from the given providers.
     *
     * @throws PluginLoadException when two providers share a name (naming both classes), a name is missing or not
     *     a spec name, or a provider lists no parameter names
     */
    public static <P extends NamedProvider> ProviderRegistry<P> of(String kind, Iterable<P> providers) {
        Map<String, P> map = new TreeMap<>();
        for (P p : providers) {
            String name = checkedName(kind, p);
            P previous = map.putIfAbsent(name, p);
            if (previous != null) {
                throw new PluginLoadException("two " + kind + " providers are registered under the name '" + name
                        + "': " + previous.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one of the jars or rename one provider");
            }
        }
        return new ProviderRegistry<>(kind, map);
    }

    private static String checkedName(String kind, NamedProvider p) {
        String name = p.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PluginLoadException("the " + kind + " provider " + p.getClass().getName() + " is named "
                    + (name == null ? "null" : "'" + name + "'") + "; a name is a letter or '_' followed by letters,"
                    + " digits or '_' (as in a model spec)");
        }
        if (p.parameterNames() == null) {
            throw new PluginLoadException("the " + kind + " provider " + p.getClass().getName()
                    + " returns null from parameterNames(); return an empty list for a " + kind + " without options");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** What the providers are, e.g. {@code "loss"}: the word errors use. */
    public String kind() {
        return kind;
    }

    /** The provider registered under {@code name} (any case). */
    public P get(String name) {
        P p = byName.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; known " + plural(kind) + ": "
                    + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet()))
                    + ". " + MISSING_JAR + " (lanes-layers holds the built-ins).");
        }
        return p;
    }

    private static String plural(String kind) {
        return kind.endsWith("s") ? kind + "es" : kind + "s"; // "losses", not "losss"
    }

    public boolean contains(String name) {
        return byName.containsKey(name.trim().toLowerCase(Locale.ROOT));
    }

    /** All registered names, lower case, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * A registry loaded on first use and kept until {@link #reload}. A load that fails is not kept, so every
     * look-up reports the problem (as a {@link PluginLoadException}) rather than only the first.
     */
    static final class Loaded<P extends NamedProvider> {
        private final Class<P> type;
        private final String kind;
        private volatile ProviderRegistry<P> registry;

        Loaded(Class<P> type, String kind) {
            this.type = type;
            this.kind = kind;
        }

        ProviderRegistry<P> get() {
            ProviderRegistry<P> r = registry;
            if (r == null) {
                synchronized (this) {
                    r = registry;
                    if (r == null) {
                        registry = r = load(type, kind);
                    }
                }
            }
            return r;
        }

        synchronized ProviderRegistry<P> reload() {
            registry = null;
            return get();
        }
    }
}
