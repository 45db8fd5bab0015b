package dev.lanes.optim;

import dev.lanes.spi.Optimizers;
import dev.lanes.spi.Options;
import dev.lanes.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the PyTorch trajectories written by {@code tests/fixtures/optim/generate_optim_fixtures.py}: the
 * problem (x, y, initial w, b) and, per case, the optimizer, its groups and lr changes, and the loss before and
 * w, b after every step.
 */
final class OptimFixture {

    static final Path DIR = locate();

    /** A parameter group added after construction: parameter names and option overrides. */
    record Group(List<String> params, Options overrides) {
    }

    /** One optimizer run; arrays are indexed by step - 1. */
    record Case(String name, String optimizer, Options options, List<String> params, List<Group> groups,
                Map<Integer, Float> setLr, float[] losses, float[][] w, float[][] b) {
        int steps() {
            return losses.length;
        }

        /** This case's optimizer over w and b, built through the registry, with its extra groups. */
        Optimizer build(Tensor w, Tensor b) {
            Map<String, Tensor> byName = Map.of("w", w, "b", b);
            Optimizer opt = Optimizers.create(optimizer, params.stream().map(byName::get).toList(), options);
            for (Group g : groups) {
                opt.addParamGroup(g.params().stream().map(byName::get).toList(), g.overrides());
            }
            return opt;
        }
    }

    /** The training problem every case shares. */
    record Problem(Tensor x, Tensor y, float[] w, int[] wShape, float[] b, int[] bShape) {
        /** loss = ((x @ w + b).sigmoid() - y).pow(2).mean(), as in the generating script. */
        Tensor loss(Tensor wParam, Tensor bParam) {
            return x.matmul(wParam).add(bParam).sigmoid().sub(y).pow(2f).mean();
        }

        Tensor initialW() {
            return Tensor.of(w, wShape).requiresGrad(true);
        }

        Tensor initialB() {
            return Tensor.of(b, bShape).requiresGrad(true);
        }

        /** One training step at step number t (1-based) of case c: lr change, zeroGrad, backward, step. */
        Tensor trainStep(Case c, Optimizer opt, int t, Tensor wParam, Tensor bParam) {
            Float lr = c.setLr().get(t);
            if (lr != null) {
                opt.setLr(lr);
            }
            opt.zeroGrad();
            Tensor loss = loss(wParam, bParam);
            loss.backward();
            opt.step();
            return loss;
        }
    }

    private OptimFixture() {
    }

    static List<String> caseNames() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !n.equals("problem.txt"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Problem problem() {
        Map<String, String[]> rec = new LinkedHashMap<>();
        for (String line : lines("problem")) {
            String[] t = line.split(" ");
            rec.put(t[0], t);
        }
        float[] x = values(rec.get("x"), 3);
        float[] y = values(rec.get("y"), 3);
        return new Problem(Tensor.of(x, 5, 3), Tensor.of(y, 5, 4), values(rec.get("w"), 3), new int[] {3, 4},
                values(rec.get("b"), 2), new int[] {4});
    }

    static Case load(String name) {
        String optimizer = null;
        Options options = Options.empty();
        List<String> params = List.of();
        List<Group> groups = new ArrayList<>();
        Map<Integer, Float> setLr = new LinkedHashMap<>();
        List<Float> losses = new ArrayList<>();
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (String line : lines(name)) {
            String[] t = line.split(" ");
            switch (t[0]) {
                case "optimizer" -> optimizer = t[1];
                case "options" -> options = options(t, 1);
                case "params" -> params = List.of(Arrays.copyOfRange(t, 1, t.length));
                case "group" -> groups.add(new Group(List.of(t[1]), options(t, 2)));
                case "set_lr" -> setLr.put(Integer.parseInt(t[1]), Float.parseFloat(t[2]));
                case "loss" -> losses.add(Float.parseFloat(t[2]));
                case "w" -> w.add(values(t, 2));
                case "b" -> b.add(values(t, 2));
                default -> throw new IllegalStateException(name + ".txt: unknown record '" + t[0] + "'");
            }
        }
        float[] lossArray = new float[losses.size()];
        for (int i = 0; i < lossArray.length; i++) {
            lossArray[i] = losses.get(i);
        }
        return new Case(name, optimizer, options, params, groups, setLr, lossArray, w.toArray(float[][]::new),
                b.toArray(float[][]::new));
    }

    private static Options options(String[] tokens, int from) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = from; i < tokens.length; i++) {
            String[] kv = tokens[i].split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return Options.of(map);
    }

    private static float[] values(String[] tokens, int from) {
        float[] v = new float[tokens.length - from];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(tokens[from + i]);
        }
        return v;
    }

    private static List<String> lines(String name) {
        try {
            return Files.readAllLines(DIR.resolve(name + ".txt")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name + ".txt in " + DIR, e);
        }
    }

    private static Path locate() {
        // Surefire runs in the tests module; an IDE may run from the repository root.
        for (Path p : List.of(Path.of("fixtures", "optim"), Path.of("tests", "fixtures", "optim"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("optimizer fixtures not found: expected fixtures/optim under the tests "
                + "module (working directory " + Path.of("").toAbsolutePath() + ")");
    }
}
