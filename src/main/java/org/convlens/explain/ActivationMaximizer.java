package org.convlens.explain;

import java.util.SplittableRandom;
import org.convlens.inference.InferenceException;
import org.convlens.inference.NetworkGradients;
import org.convlens.inference.Progress;
import org.convlens.model.weights.CancellationToken;
import org.convlens.tensor.Tensor;

/**
 * Gradient ascent on the input image for one channel of one layer ("what this channel wants to see"). Each step
 * shifts the image by a random jitter, follows the objective's gradient (scaled so the largest change is the
 * step size), lets the image decay towards grey, blurs it every few steps and keeps it within the input range.
 * The same settings and seed give the same image.
 */
final class ActivationMaximizer {
  private final NetworkGradients gradients;
  private final InputRange range;

  ActivationMaximizer(NetworkGradients gradients, InputRange range) {
    this.gradients = gradients;
    this.range = range;
  }

  Maximized run(String layer, int channel, MaximizeSettings settings, Progress progress, CancellationToken cancel)
      throws InferenceException {
    Tensor weights = objective(gradients.network().graph().outputShape(layer), channel, settings.objective(), layer);
    int[] in = gradients.network().graph().outputShape(gradients.network().graph().input().name());
    int h = in[0], w = in[1], c = in[2];
    if (c != range.channels()) {
      throw new IllegalArgumentException("the model takes " + c + "-channel input; maximisation needs "
          + range.channels() + " channels");
    }
    SplittableRandom random = new SplittableRandom(settings.seed());
    float span = range.span();
    float[] grey = new float[c];
    for (int k = 0; k < c; k++) {
      grey[k] = (range.low(k) + range.high(k)) / 2;
    }
    float[] x = new float[h * w * c];
    for (int i = 0; i < x.length; i++) {
      x[i] = grey[i % c] + (float) (random.nextGaussian() * 0.01 * span);
    }
    for (int step = 0; step < settings.steps(); step++) {
      cancel.throwIfCancelled();
      int dy = settings.jitter() == 0 ? 0 : random.nextInt(-settings.jitter(), settings.jitter() + 1);
      int dx = settings.jitter() == 0 ? 0 : random.nextInt(-settings.jitter(), settings.jitter() + 1);
      Tensor shifted = Tensor.of(roll(x, h, w, c, dy, dx), 1, h, w, c);
      float[] g = roll(gradients.objectiveGradient(shifted, layer, weights).gradient().data(), h, w, c, -dy, -dx);
      float max = 0;
      for (float v : g) {
        max = Math.max(max, Math.abs(v));
      }
      float scale = max > 0 ? (float) (settings.stepSize() * span / max) : 0;
      float keep = (float) (1 - settings.decay());
      for (int i = 0; i < x.length; i++) {
        x[i] = grey[i % c] + keep * (x[i] + scale * g[i] - grey[i % c]);
      }
      if (settings.blurEvery() > 0 && settings.blurSigma() > 0 && (step + 1) % settings.blurEvery() == 0) {
        x = blur(x, h, w, c, settings.blurSigma());
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.min(range.high(i % c), Math.max(range.low(i % c), x[i]));
      }
      progress.update("Maximising channel " + channel + " of " + layer, (step + 1) / (double) settings.steps());
    }
    Tensor image = Tensor.of(x, 1, h, w, c);
    float value = gradients.objectiveGradient(image, layer, weights).values()[0];
    return new Maximized(layer, channel, Tensor.of(x, h, w, c), value);
  }

  /** The weights over the layer's output whose weighted sum is maximised. */
  static Tensor objective(int[] shape, int channel, MaximizeSettings.Objective objective, String layer) {
    int channels = shape[shape.length - 1];
    if (channel < 0 || channel >= channels) {
      throw new IllegalArgumentException("layer '" + layer + "' has channels 0 to " + (channels - 1) + ", not "
          + channel);
    }
    Tensor weights = Tensor.zeros(shape);
    int positions = weights.size() / channels;
    if (objective == MaximizeSettings.Objective.NEURON && shape.length == 3) {
      weights.data()[weights.offset(shape[0] / 2, shape[1] / 2, channel)] = 1;
    } else {
      for (int p = 0; p < positions; p++) {
        weights.data()[p * channels + channel] = 1f / positions;
      }
    }
    return weights;
  }

  /** {@code x} shifted by {@code dy, dx} pixels with wrap-around (nothing is lost, so the shift undoes exactly). */
  static float[] roll(float[] x, int h, int w, int c, int dy, int dx) {
    if (dy == 0 && dx == 0) {
      return x;
    }
    float[] out = new float[x.length];
    for (int y = 0; y < h; y++) {
      int ty = Math.floorMod(y + dy, h);
      for (int i = 0; i < w; i++) {
        int tx = Math.floorMod(i + dx, w);
        System.arraycopy(x, (y * w + i) * c, out, (ty * w + tx) * c, c);
      }
    }
    return out;
  }

  /** A separable Gaussian blur per channel, edges clamped. */
  static float[] blur(float[] x, int h, int w, int c, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    float[] kernel = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= (float) sum;
    }
    float[] rows = new float[x.length];
    float[] out = new float[x.length];
    for (int y = 0; y < h; y++) {
      for (int i = 0; i < w; i++) {
        for (int k = 0; k < c; k++) {
          float acc = 0;
          for (int t = -radius; t <= radius; t++) {
            int xi = Math.min(w - 1, Math.max(0, i + t));
            acc += kernel[t + radius] * x[(y * w + xi) * c + k];
          }
          rows[(y * w + i) * c + k] = acc;
        }
      }
    }
    for (int y = 0; y < h; y++) {
      for (int i = 0; i < w; i++) {
        for (int k = 0; k < c; k++) {
          float acc = 0;
          for (int t = -radius; t <= radius; t++) {
            int yi = Math.min(h - 1, Math.max(0, y + t));
            acc += kernel[t + radius] * rows[(yi * w + i) * c + k];
          }
          out[(y * w + i) * c + k] = acc;
        }
      }
    }
    return out;
  }
}
