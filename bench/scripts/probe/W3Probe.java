import dev.lanes.bench.workloads.RawAutogradBenchmark;
import java.util.Arrays;

/**
 * W3 (RawAutogradBenchmark's own loop) outside JMH, for A/B runs of two builds in alternating fresh JVMs
 * (w3-ab.sh): prints the median time of 100 whole runs after 60 warm-up runs, in ms.
 */
public class W3Probe {

    public static void main(String[] args) {
        RawAutogradBenchmark w3 = new RawAutogradBenchmark();
        w3.setUp();
        int runs = 160;
        double[] ms = new double[runs];
        float sink = 0f;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            sink += w3.train10000();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double[] timed = Arrays.copyOfRange(ms, 60, runs);
        Arrays.sort(timed);
        System.out.printf("%.3f%n", timed[timed.length / 2]);
        if (sink == 42f) {
            System.out.println(); // keeps the results alive
        }
    }
}
