package dev.lanes.spi;

import java.util.LinkedHashSet;

/** The options a provider receives: named after it in errors, and holding only the names it declares. */
final class ProviderOptions {

    private ProviderOptions() {
    }

    static Options checked(NamedProvider provider, Options options) {
        Options owned = options.forOwner(provider.name());
        owned.requireOnly(new LinkedHashSet<>(provider.parameterNames()));
        return owned;
    }
}
