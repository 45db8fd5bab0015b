package dev.lanes.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Predictor;
import dev.lanes.layers.Linear;
import dev.lanes.spi.ModelSpec;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small program ({@code resources/dev/lanes/modules/demo}) compiled against the built engine and layers and run in
 * fresh JVMs: as a named module on the module path (it requires only {@code dev.lanes.engine}; the built-in plugins
 * come in through {@code uses}/{@code provides}), and as plain classes on the class path. Each run discovers the
 * plugins, builds a model from a spec and predicts what this JVM predicts; without the incubator module it runs
 * scalar with exactly one warning.
 */
class ModulePathIT {

    static final String SPEC = "4-16-3:relu,none";
    static final String SEED = "7";
    static final float[] INPUT = {0.5f, -1.25f, 2f, 0.75f};

    @TempDir
    static Path dir;
    static Path engine;
    static Path layers;
    static Path modular;
    static Path plain;

    @BeforeAll
    static void compileTheDemo() throws URISyntaxException {
        engine = ForkedJava.locationOf(Predictor.class);
        layers = ForkedJava.locationOf(Linear.class);
        Path src = Path.of(ModulePathIT.class.getResource("demo/module-info.java").toURI()).getParent();
        Path main = src.resolve("demo/Main.java");
        modular = dir.resolve("modular");
        ForkedJava.compile(List.of("--module-path", ForkedJava.path(engine, layers), "-d", modular.toString()),
                List.of(src.resolve("module-info.java"), main));
        plain = dir.resolve("plain");
        ForkedJava.compile(List.of("-cp", ForkedJava.path(engine, layers), "-d", plain.toString()), List.of(main));
    }

    static ForkedJava.Run onModulePath(String... jvmFlags) throws Exception {
        return run(jvmFlags, "--module-path", ForkedJava.path(modular, engine, layers), "-m", "demo/demo.Main");
    }

    static ForkedJava.Run onClassPath(String... jvmFlags) throws Exception {
        return run(jvmFlags, "-cp", ForkedJava.path(plain, engine, layers), "demo.Main");
    }

    private static ForkedJava.Run run(String[] jvmFlags, String... launch) throws Exception {
        String[] args = concat(jvmFlags, launch, new String[] {SPEC, SEED, join(INPUT)});
        ForkedJava.Run run = ForkedJava.java(args);
        assertEquals(0, run.exitCode(), run.output());
        return run;
    }

    @Test
    void onTheModulePathTheEngineFindsThePluginsAndPredicts() throws Exception {
        ForkedJava.Run run = onModulePath("--add-modules=jdk.incubator.vector");
        assertTrue(run.output().contains("module=demo engine=dev.lanes.engine"), run.output());
        assertFoundEveryPlugin(run.output());
        assertArrayEquals(expectedOutputs(), outputs(run.output()), 1e-6f);
        assertTrue(run.output().contains("kernel=VectorKernel"), run.output());
    }

    @Test
    void onTheModulePathWithoutTheIncubatorModuleItWarnsOnceAndRunsScalar() throws Exception {
        ForkedJava.Run run = onModulePath();
        assertTrue(run.output().contains("kernel=ScalarKernel"), run.output());
        assertArrayEquals(expectedOutputs(), outputs(run.output()), 1e-5f);
        assertOneWarning(run.output());
    }

    @Test
    void onTheClassPathTheSameProgramFindsThePluginsThroughMetaInfServices() throws Exception {
        ForkedJava.Run run = onClassPath("--add-modules=jdk.incubator.vector");
        assertTrue(run.output().contains("module=null engine=null"), run.output());
        assertFoundEveryPlugin(run.output());
        assertArrayEquals(expectedOutputs(), outputs(run.output()), 1e-6f);
        assertTrue(run.output().contains("kernel=VectorKernel"), run.output());

        ForkedJava.Run scalar = onClassPath();
        assertTrue(scalar.output().contains("kernel=ScalarKernel"), scalar.output());
        assertOneWarning(scalar.output());
    }

    private static void assertFoundEveryPlugin(String output) {
        assertTrue(output.contains("layers=[batchnorm1d, dropout, elu, embedding, flatten, gelu, layernorm, leakyrelu,"
                + " linear, logsoftmax, relu, sigmoid, silu, softmax, tanh]"), output);
        assertTrue(output.contains("losses=[bce, bcewithlogits, crossentropy, l1, mse, nll]"), output);
        assertTrue(output.contains("optimizers=[adagrad, adam, adamw, rmsprop, sgd]"), output);
    }

    /** The one warning names the flag that enables the vector path; the incubator's own notice is absent. */
    private static void assertOneWarning(String output) {
        long warnings = output.lines().filter(l -> l.startsWith("WARNING")).count();
        assertEquals(1, warnings, output);
        assertEquals(1, output.split("add-modules jdk.incubator.vector", -1).length - 1, output);
    }

    private static float[] expectedOutputs() {
        return Predictor.of(ModelSpec.parse(SPEC, Long.parseLong(SEED))).predict(INPUT);
    }

    private static float[] outputs(String output) {
        String line = output.lines().filter(l -> l.startsWith("outputs=")).findFirst().orElseThrow(
                () -> new AssertionError("no outputs line in:\n" + output));
        String[] parts = line.substring("outputs=".length()).split(" ");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    private static String join(float[] values) {
        StringBuilder sb = new StringBuilder();
        for (float v : values) {
            sb.append(sb.isEmpty() ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
