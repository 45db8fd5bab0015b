package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up choice in fresh JVMs, as users launch them: without the incubator module Lanes warns once and runs
 * scalar; {@code -Dlanes.kernel=scalar} forces scalar; {@code -Dlanes.kernel=vector} without the module fails.
 */
class KernelStartupIT {

    record Run(int exitCode, String output) {
    }

    private static Run launch(String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelChoiceProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void withoutTheModuleItWarnsOnceAndRunsScalar() throws Exception {
        Run run = launch();
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("kernel=ScalarKernel product=6.0"), run.output());
        assertTrue(run.output().contains("WARNING"), run.output());
        assertEquals(2, run.output().split("add-modules jdk.incubator.vector", -1).length - 1,
                "the advice appears in the one warning and in describe(): " + run.output());
    }

    @Test
    void scalarCanBeForcedWithTheModulePresent() throws Exception {
        Run run = launch("--add-modules=jdk.incubator.vector", "-Dlanes.kernel=scalar");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("kernel=ScalarKernel product=6.0 describe=scalar (forced"), run.output());
    }

    @Test
    void vectorIsChosenWithTheModule() throws Exception {
        Run run = launch("--add-modules=jdk.incubator.vector");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("kernel=VectorKernel product=6.0 describe=vector ("), run.output());
    }

    @Test
    void insistingOnVectorWithoutTheModuleFails() throws Exception {
        Run run = launch("-Dlanes.kernel=vector");
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("lanes.kernel=vector was requested"), run.output());
    }
}
