package dev.lanes.cli;

import dev.lanes.kernel.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code lanes --version}: Lanes and Java versions, the active kernel and the thread count. */
public final class VersionInfo implements IVersionProvider {

    /** The Lanes version the build stamped into the jar, or "unknown" when run from unfiltered classes. */
    public static String lanesVersion() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("lanes-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        Runtime.Version java = Runtime.version();
        return new String[] {
            "Lanes " + lanesVersion(),
            "Java " + java + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")",
            "Kernels: " + Kernels.describe(),
            "Threads: " + Threads.describe(),
        };
    }
}
