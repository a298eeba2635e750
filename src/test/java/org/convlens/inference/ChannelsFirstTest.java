package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.WeightSpec;
import org.convlens.model.WeightsOrigin;
import org.convlens.model.keras.KerasArchitecture;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channels_first Keras model, run channels-last, against a plain-Java forward pass written in channels_first
 * terms ({@code x[c][i][j]}, Keras's {@code [kh, kw, in, out]} kernel, batch norm on axis 1, Flatten after moving
 * the channels last as Keras's channels_first Flatten does).
 */
class ChannelsFirstTest {
  @TempDir static Path cacheDir;

  private static final String CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"cf\", \"layers\": ["
      + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"batch_input_shape\": [null, 2, 5, 4],"
      + " \"filters\": 3, \"kernel_size\": [3, 3], \"padding\": \"valid\", \"activation\": \"relu\","
      + " \"data_format\": \"channels_first\"}},"
      + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": 1, \"epsilon\": 0.001}},"
      + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flat\", \"data_format\": \"channels_first\"}},"
      + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": 2}}]}}";

  @Test
  void channelsFirstModelMatchesAChannelsFirstReference() throws Exception {
    TestRuntime.start();
    LayerGraph graph = KerasArchitecture.parse(Path.of("cf.h5"), CONFIG);
    SplittableRandom random = new SplittableRandom(31);
    Map<String, List<Tensor>> weights = new LinkedHashMap<>();
    for (String layer : graph.weightedLayers()) {
      weights.put(layer, graph.weightSpecs(layer).stream().map(spec -> random(random, spec)).toList());
    }
    Network network = Network.bind(graph, weights, new WeightsOrigin("cf", false, "cf-" + System.nanoTime()));

    int c = 2, h = 5, w = 4;
    float[][][] x = new float[c][h][w];
    Tensor hwc = Tensor.zeros(1, h, w, c);
    for (int k = 0; k < c; k++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          x[k][i][j] = (float) random.nextGaussian();
          hwc.data()[hwc.offset(0, i, j, k)] = x[k][i][j];
        }
      }
    }

    // Conv (valid, 3x3) + relu, in channels_first indices: out[f][i][j].
    Tensor kernel = network.weights("conv").get(0);
    Tensor bias = network.weights("conv").get(1);
    int oh = h - 2, ow = w - 2, filters = 3;
    double[][][] y = new double[filters][oh][ow];
    for (int f = 0; f < filters; f++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double sum = bias.get(f);
          for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
              for (int k = 0; k < c; k++) {
                sum += x[k][i + a][j + b] * kernel.get(a, b, k, f);
              }
            }
          }
          List<Tensor> bn = network.weights("bn");
          double relu = Math.max(sum, 0);
          y[f][i][j] = bn.get(0).get(f) * (relu - bn.get(2).get(f)) / Math.sqrt(bn.get(3).get(f) + 1e-3)
              + bn.get(1).get(f);
        }
      }
    }
    // Keras's channels_first Flatten moves the channels last first: index (i, j, f).
    double[] flat = new double[oh * ow * filters];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int f = 0; f < filters; f++) {
          flat[(i * ow + j) * filters + f] = y[f][i][j];
        }
      }
    }
    Tensor dense = network.weights("out").get(0);
    Tensor denseBias = network.weights("out").get(1);
    try (ModelService service = ModelService.open(network, new SavedModelCache(cacheDir), Progress.NONE)) {
      Tensor out = service.run(hwc, List.of("out")).get("out");
      for (int u = 0; u < 2; u++) {
        double expected = denseBias.get(u);
        for (int i = 0; i < flat.length; i++) {
          expected += flat[i] * dense.get(i, u);
        }
        assertEquals(expected, out.data()[u], 1e-4 + 1e-4 * Math.abs(expected), "unit " + u);
      }
    }
  }

  private static Tensor random(SplittableRandom random, WeightSpec spec) {
    Tensor t = Tensor.zeros(spec.shape());
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = spec.name().contains("variance") ? (float) (0.5 + random.nextDouble()) : (float) random.nextGaussian();
    }
    return t;
  }
}
