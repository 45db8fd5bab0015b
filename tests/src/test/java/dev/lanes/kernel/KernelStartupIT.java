package dev.lanes.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.modules.ForkedJava;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up choice in fresh JVMs, as users launch them: without the incubator module Lanes warns once and runs
 * scalar; {@code -Dlanes.kernel=scalar} forces scalar; {@code -Dlanes.kernel=vector} without the module fails.
 */
class KernelStartupIT {

    private static ForkedJava.Run launch(String... jvmArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(jvmArgs));
        args.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelChoiceProbe.class.getName()));
        return ForkedJava.java(args.toArray(String[]::new));
    }

    @Test
    void withoutTheModuleItWarnsOnceAndRunsScalar() throws Exception {
        ForkedJava.Run run = launch();
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("kernel=ScalarKernel product=6.0"), run.output());
        assertEquals(1, run.output().lines().filter(l -> l.startsWith("WARNING")).count(),
                "exactly one warning: " + run.output());
        assertEquals(2, run.output().split("add-modules jdk.incubator.vector", -1).length - 1,
                "the advice appears in the one warning and in describe(): " + run.output());
    }

    @Test
    void scalarCanBeForcedWithTheModulePresent() throws Exception {
        ForkedJava.Run run = launch("--add-modules=jdk.incubator.vector", "-Dlanes.kernel=scalar");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("kernel=ScalarKernel product=6.0 describe=scalar (forced"), run.output());
    }

    @Test
    void vectorIsChosenWithTheModule() throws Exception {
        ForkedJava.Run run = launch("--add-modules=jdk.incubator.vector");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("kernel=VectorKernel product=6.0 describe=vector ("), run.output());
    }

    @Test
    void insistingOnVectorWithoutTheModuleFails() throws Exception {
        ForkedJava.Run run = launch("-Dlanes.kernel=vector");
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("lanes.kernel=vector was requested"), run.output());
    }

    @Test
    void poolSpinTimeIsReadFromItsProperty() throws Exception {
        ForkedJava.Run parked = launch("-Dlanes.threads=2", "-Dlanes.spinMicros=0");
        assertEquals(0, parked.exitCode(), parked.output());
        assertTrue(parked.output().contains("threads=2 parts=4"), parked.output());
        ForkedJava.Run bad = launch("-Dlanes.threads=2", "-Dlanes.spinMicros=soon");
        assertNotEquals(0, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("-Dlanes.spinMicros=soon is not a whole number of microseconds"),
                bad.output());
    }
}
