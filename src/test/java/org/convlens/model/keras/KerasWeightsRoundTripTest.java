package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convlens.tensor.Tensor;
import org.convlens.testing.KerasH5Writer;
import org.convlens.testing.KerasH5Writer.DatasetType;
import org.convlens.testing.KerasH5Writer.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Files written by {@link KerasH5Writer} in every layout variant read back identically. */
class KerasWeightsRoundTripTest {
  private static final String CONFIG = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"tiny\"}}";

  @TempDir Path dir;

  /** The awkward cases of real files: weightless layers, '/' in layer names, weight names unlike the layer's. */
  static List<KerasLayer> sampleLayers() {
    SplittableRandom random = new SplittableRandom(7);
    return List.of(
        new KerasLayer("input_1", List.of()),
        new KerasLayer("conv1", List.of(
            new KerasWeight("conv1_3/kernel:0", randomTensor(random, 3, 3, 3, 4)),
            new KerasWeight("conv1_3/bias:0", randomTensor(random, 4)))),
        new KerasLayer("relu_conv1", List.of()),
        new KerasLayer("fire2/squeeze1x1", List.of(
            new KerasWeight("fire2/squeeze1x1_1/kernel:0", randomTensor(random, 1, 1, 4, 2)),
            new KerasWeight("fire2/squeeze1x1_1/bias:0", randomTensor(random, 2)))),
        new KerasLayer("fire2/expand3x3", List.of(
            new KerasWeight("fire2/expand3x3_1/kernel:0", randomTensor(random, 3, 3, 2, 5)))),
        new KerasLayer("batch_normalization", List.of(
            new KerasWeight("batch_normalization_2/gamma:0", randomTensor(random, 5)),
            new KerasWeight("batch_normalization_2/beta:0", randomTensor(random, 5)),
            new KerasWeight("batch_normalization_2/moving_mean:0", randomTensor(random, 5)),
            new KerasWeight("batch_normalization_2/moving_variance:0", randomTensor(random, 5)))),
        new KerasLayer("mobilenet_0.25_224", List.of(
            new KerasWeight("conv1/kernel", randomTensor(random, 2, 2, 1, 1)),
            new KerasWeight("conv1_bn/gamma", randomTensor(random, 1)))),
        new KerasLayer("predictions", List.of(
            new KerasWeight("predictions/kernel:0", randomTensor(random, 5, 3)),
            new KerasWeight("predictions/bias:0", Tensor.of(new float[] {0f, -0f, Float.MIN_VALUE}, 3)))));
  }

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of("fixed-length strings", Options.fixedLengthStrings()),
        Arguments.of("variable-length strings", Options.variableLengthStrings()),
        Arguments.of("full model, fixed-length", Options.fixedLengthStrings().fullModel(CONFIG)),
        Arguments.of("full model, variable-length", Options.variableLengthStrings().fullModel(CONFIG)),
        Arguments.of("name lists split in 3", Options.fixedLengthStrings().withNameChunks(3)),
        Arguments.of("full model, split, vlen", Options.variableLengthStrings().fullModel(CONFIG).withNameChunks(2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void readsBackWhatWasWritten(String description, Options options) {
    Path file = dir.resolve("weights.h5");
    List<KerasLayer> layers = sampleLayers();
    KerasH5Writer.write(file, layers, options);

    KerasWeights read = KerasWeightsReader.read(file);

    assertEquals(options.kerasVersion(), read.kerasVersion());
    assertEquals("tensorflow", read.backend());
    assertEquals(options.modelConfig(), read.modelConfig());
    assertSameLayers(layers, read.layers());
  }

  @Test
  void writerStoresStringsAsAskedAndEmptyWeightNamesAsFloat64() throws Exception {
    Path fixed = dir.resolve("fixed.h5");
    Path variable = dir.resolve("variable.h5");
    KerasH5Writer.write(fixed, sampleLayers(), Options.fixedLengthStrings());
    KerasH5Writer.write(variable, sampleLayers(), Options.variableLengthStrings());

    try (HdfFile f = new HdfFile(fixed); HdfFile v = new HdfFile(variable)) {
      assertEquals("StringData", f.getAttribute("layer_names").getDataType().getClass().getSimpleName());
      assertEquals("VariableLength", v.getAttribute("layer_names").getDataType().getClass().getSimpleName());
      assertEquals("StringData",
          f.getByPath("conv1").getAttribute("weight_names").getDataType().getClass().getSimpleName());
      for (HdfFile file : List.of(f, v)) {
        var empty = file.getByPath("relu_conv1").getAttribute("weight_names");
        assertArrayEquals(new int[] {0}, empty.getDimensions());
        assertEquals(double.class, empty.getJavaType());
        assertEquals(float.class, file.getDatasetByPath("/conv1/conv1_3/kernel:0").getJavaType());
      }
    }
  }

  @Test
  void missingVersionAndBackendReadAsNull() {
    Path file = dir.resolve("bare.h5");
    KerasH5Writer.write(file, sampleLayers(), Options.fixedLengthStrings().withKerasVersion(null).withBackend(null));

    KerasWeights read = KerasWeightsReader.read(file);

    assertNull(read.kerasVersion());
    assertNull(read.backend());
    assertNull(read.modelConfig());
    assertEquals(8, read.layers().size());
  }

  @Test
  void float64WeightsAreConvertedToFloat() {
    Path file = dir.resolve("float64.h5");
    List<KerasLayer> layers = sampleLayers();
    KerasH5Writer.write(file, layers, Options.fixedLengthStrings().withDatasetType(DatasetType.FLOAT64));

    assertSameLayers(layers, KerasWeightsReader.read(file).layers());
  }

  @Test
  void scalarAndZeroSizedWeightsKeepTheirShapes() {
    Path file = dir.resolve("odd-shapes.h5");
    List<KerasLayer> layers = List.of(new KerasLayer("norm", List.of(
        new KerasWeight("norm/count:0", Tensor.of(new float[] {42f})),
        new KerasWeight("norm/nothing:0", Tensor.zeros(0, 3)))));
    KerasH5Writer.write(file, layers, Options.variableLengthStrings());

    assertSameLayers(layers, KerasWeightsReader.read(file).layers());
  }

  @Test
  void summariesCountLayersTensorsAndValues() {
    Path file = dir.resolve("weights.h5");
    KerasH5Writer.write(file, sampleLayers(), Options.fixedLengthStrings());

    KerasWeights read = KerasWeightsReader.read(file);

    assertEquals(6, read.weightedLayers().size());
    assertEquals(13, read.tensorCount());
    assertEquals(108 + 4 + 8 + 2 + 90 + 20 + 4 + 1 + 15 + 3, read.parameterCount());
    assertEquals("kernel", read.layer("fire2/squeeze1x1").orElseThrow().weights().get(0).shortName());
    assertEquals("fire2/expand3x3_1/kernel:0",
        read.layer("fire2/expand3x3").orElseThrow().weight("kernel").orElseThrow().name());
  }

  static void assertSameLayers(List<KerasLayer> expected, List<KerasLayer> actual) {
    assertEquals(expected.stream().map(KerasLayer::name).toList(), actual.stream().map(KerasLayer::name).toList());
    for (int i = 0; i < expected.size(); i++) {
      List<KerasWeight> want = expected.get(i).weights();
      List<KerasWeight> got = actual.get(i).weights();
      assertEquals(want.stream().map(KerasWeight::name).toList(), got.stream().map(KerasWeight::name).toList(),
          "weight names of " + expected.get(i).name());
      for (int w = 0; w < want.size(); w++) {
        assertArrayEquals(want.get(w).value().shape(), got.get(w).value().shape(), want.get(w).name());
        assertArrayEquals(want.get(w).value().data(), got.get(w).value().data(), want.get(w).name());
      }
    }
  }

  private static Tensor randomTensor(SplittableRandom random, int... shape) {
    float[] data = new float[Math.toIntExact(Tensor.sizeOf(shape))];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return Tensor.of(data, shape);
  }
}
