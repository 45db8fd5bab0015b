package dev.lanes.bench.smile;

import java.util.Random;
import smile.base.mlp.Layer;
import smile.base.mlp.LayerBuilder;
import smile.base.mlp.MultilayerPerceptron;
import smile.math.TimeFunction;

/**
 * A Smile multilayer perceptron with a vector target: Smile's own {@code regression.MLP} trains one output and
 * {@code classification.MLP} takes class labels, while W1 fits 4 outputs with MSE. The step is what Smile's
 * {@code update(double[][], ...)} does (propagate, set the target, backpropagate per sample, then one update for
 * the mini-batch), through the protected methods Smile gives subclasses for this.
 */
final class SmileNet extends MultilayerPerceptron {

    SmileNet(double learningRate, LayerBuilder... builders) {
        super(layers(builders));
        setLearningRate(TimeFunction.constant(learningRate));
    }

    private static Layer[] layers(LayerBuilder... builders) {
        Layer[] layers = new Layer[builders.length];
        int inputs = 0;
        for (int i = 0; i < builders.length; i++) {
            layers[i] = builders[i].build(inputs);
            inputs = builders[i].neurons();
        }
        return layers;
    }

    /** One SGD step on a mini-batch. */
    void step(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            propagate(x[i], true);
            System.arraycopy(y[i], 0, target.get(), 0, y[i].length);
            backpropagate(false);
        }
        update(x.length);
    }

    /** The network's output for one sample (eval mode); the array is Smile's and reused. */
    double[] predict(double[] x) {
        propagate(x, false);
        return output.output();
    }

    /** rows x cols of normal(0, scale), seeded. */
    static double[][] normal(long seed, double scale, int rows, int cols) {
        Random rnd = new Random(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = scale * rnd.nextGaussian();
            }
        }
        return a;
    }
}
