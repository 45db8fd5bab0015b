package dev.lanes.cli;

/** A count with its noun in the right number: {@code 1 epoch}, {@code 2 epochs}, {@code 1 class}. */
public final class Plural {

    private Plural() {
    }

    /** {@code n} and {@code singular}, with an {@code s} unless {@code n} is 1. */
    public static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }

    /** {@code n} and {@code singular} or {@code plural}. */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
