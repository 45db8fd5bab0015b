package dev.lanes.spi;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Providers of one kind found with {@link ServiceLoader}, looked up by case-insensitive name (in the spirit of
 * Lucene's {@code NamedSPILoader}). Two providers with one name fail loudly, naming both classes; an unknown
 * name fails with the list of known names.
 */
public final class ProviderRegistry<P extends NamedProvider> {

    private final String kind;
    private final Map<String, P> byName;

    private ProviderRegistry(String kind, Map<String, P> byName) {
        this.kind = kind;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Loads every provider of {@code type} visible to the class loader of {@code type}'s callers. */
    public static <P extends NamedProvider> ProviderRegistry<P> load(Class<P> type, String kind) {
        return of(kind, ServiceLoader.load(type, classLoader(type)));
    }

    /** Builds a registry from the given providers (tests use this to check the duplicate rule). */
    public static <P extends NamedProvider> ProviderRegistry<P> of(String kind, Iterable<P> providers) {
        Map<String, P> map = new TreeMap<>();
        for (P p : providers) {
            String name = p.name().toLowerCase(Locale.ROOT);
            P previous = map.putIfAbsent(name, p);
            if (previous != null) {
                throw new IllegalStateException("two " + kind + " providers are registered under the name '" + name
                        + "': " + previous.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one of the jars or rename one provider");
            }
        }
        return new ProviderRegistry<>(kind, map);
    }

    private static ClassLoader classLoader(Class<?> type) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : type.getClassLoader();
    }

    /** The provider registered under {@code name} (any case). */
    public P get(String name) {
        P p = byName.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; known " + kind + "s: "
                    + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet()))
                    + ". A jar providing it may be missing from the class path (lanes-layers holds the built-ins).");
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name.trim().toLowerCase(Locale.ROOT));
    }

    /** All registered names, lower case, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }
}
