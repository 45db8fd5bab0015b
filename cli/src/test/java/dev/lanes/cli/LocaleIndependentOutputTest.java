package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code train} and {@code info} print numbers the same way whatever the user's locale. */
class LocaleIndependentOutputTest {

    @TempDir
    Path dir;

    private static CliRun inLocale(String tag, String... args) {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag(tag));
        try {
            return CliRun.of(args);
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"de-DE", "ar-EG"})
    void trainPrintsPlainDigitsAndDecimalPoints(String tag) {
        Path model = dir.resolve("m.safetensors");
        CliRun r = inLocale(tag, "train", "--model", "64-16-10:relu,none", "--epochs", "1", "--out", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Pattern.compile("(?m)^epoch 1/1  train loss \\d\\.\\d{4}  test loss \\d\\.\\d{4}  test accuracy +\\d+"
                + "\\.\\d%").matcher(r.out()).find(), r::toString);
        assertTrue(Pattern.compile("(?m)^test accuracy \\d+\\.\\d% \\(\\d+/359\\)").matcher(r.out()).find(),
                r::toString);
        CliRun info = inLocale(tag, "info", model.toString());
        assertEquals(0, info.exitCode(), info::toString);
        assertTrue(info.out().contains("parameters: 1,210"), info::toString);
    }
}
