package dev.lanes.kernel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test as checking the named {@link Kernel} method; {@link KernelCoverageTest} counts these. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Checks {
    String value();
}
