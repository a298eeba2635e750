package org.convlens.inference;

import java.util.function.DoubleUnaryOperator;
import org.convlens.model.ActivationFunction;
import org.convlens.tensor.Tensor;

/** Plain-Java activations, written from Keras's documented definitions. */
final class ActivationReference {
  private ActivationReference() {}

  static Tensor map(Tensor x, DoubleUnaryOperator f) {
    float[] y = new float[x.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) f.applyAsDouble(x.data()[i]);
    }
    return Tensor.of(y, x.shape());
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double relu6(double x) {
    return Math.min(Math.max(x, 0), 6);
  }

  static double erf(double x) {
    // Abramowitz-Stegun 7.1.26 is only 1e-7 accurate; integrate instead (Simpson, fine steps).
    int n = 2000;
    double h = x / n;
    double sum = 1 + Math.exp(-x * x);
    for (int i = 1; i < n; i++) {
      double t = i * h;
      sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
    }
    return 2 / Math.sqrt(Math.PI) * sum * h / 3;
  }

  static Tensor apply(ActivationFunction f, Tensor x) {
    return switch (f) {
      case LINEAR -> map(x, v -> v);
      case RELU -> map(x, v -> Math.max(v, 0));
      case RELU6 -> map(x, ActivationReference::relu6);
      case SIGMOID -> map(x, ActivationReference::sigmoid);
      case HARD_SIGMOID -> map(x, v -> relu6(v + 3) / 6);
      case HARD_SIGMOID_KERAS2 -> map(x, v -> Math.min(Math.max(0.2 * v + 0.5, 0), 1));
      case TANH -> map(x, Math::tanh);
      case SOFTMAX -> softmax(x, x.rank() - 1);
      case SWISH -> map(x, v -> v * sigmoid(v));
      case HARD_SWISH -> map(x, v -> v * relu6(v + 3) / 6);
      case GELU -> map(x, v -> 0.5 * v * (1 + erf(v / Math.sqrt(2))));
      case GELU_APPROXIMATE -> map(x, v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
      case ELU -> map(x, v -> v > 0 ? v : Math.exp(v) - 1);
      case SELU -> map(x, v -> 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1)));
      case SOFTPLUS -> map(x, v -> Math.log1p(Math.exp(v)));
      case SOFTSIGN -> map(x, v -> v / (1 + Math.abs(v)));
      case EXPONENTIAL -> map(x, Math::exp);
    };
  }

  /** Softmax along {@code axis} of a batch-dropped tensor. */
  static Tensor softmax(Tensor x, int axis) {
    int[] shape = x.shape();
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    int n = shape[axis];
    int outer = x.size() / (n * inner);
    float[] y = new float[x.size()];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
          max = Math.max(max, x.data()[(o * n + k) * inner + in]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += Math.exp(x.data()[(o * n + k) * inner + in] - max);
        }
        for (int k = 0; k < n; k++) {
          int i = (o * n + k) * inner + in;
          y[i] = (float) (Math.exp(x.data()[i] - max) / sum);
        }
      }
    }
    return Tensor.of(y, shape);
  }
}
