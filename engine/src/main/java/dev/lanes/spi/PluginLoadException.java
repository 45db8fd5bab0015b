package dev.lanes.spi;

/**
 * The plugins of one kind could not be loaded: a provider class that cannot be found or built, two providers under
 * one name, or a provider that breaks the naming rules. The message names the provider class; the registry is not
 * kept, so every later look-up reports the same problem until the class path is fixed (or
 * {@link Layers#reload()} and its siblings are called with a working one).
 */
public class PluginLoadException extends IllegalStateException {

    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
