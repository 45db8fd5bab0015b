package demo;

import dev.lanes.infer.Predictor;
import dev.lanes.kernel.Kernels;
import dev.lanes.spi.Layers;
import dev.lanes.spi.Losses;
import dev.lanes.spi.ModelSpec;
import dev.lanes.spi.Optimizers;

/** Run by ModulePathIT on the module path and on the class path: finds the plugins, builds a model, predicts. */
public final class Main {

    public static void main(String[] args) {
        System.out.println("module=" + Main.class.getModule().getName() + " engine="
                + Predictor.class.getModule().getName());
        System.out.println("layers=" + Layers.registry().names());
        System.out.println("losses=" + Losses.registry().names());
        System.out.println("optimizers=" + Optimizers.registry().names());
        Predictor p = Predictor.of(ModelSpec.parse(args[0], Long.parseLong(args[1])));
        String[] values = args[2].split(",");
        float[] x = new float[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.parseFloat(values[i]);
        }
        StringBuilder out = new StringBuilder("outputs=");
        for (float v : p.predict(x)) {
            out.append(v).append(' ');
        }
        System.out.println(out.toString().trim());
        System.out.println("kernel=" + Kernels.get().getClass().getSimpleName());
    }
}
