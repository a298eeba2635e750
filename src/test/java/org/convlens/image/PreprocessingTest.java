package org.convlens.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Optional;
import org.convlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessingTest {
  /** A 3x2 image: row 0 black, white, (0, 255, 128); row 1 (10, 20, 30), (255, 0, 0), gray 128. */
  private static final RgbImage IMAGE = new RgbImage(3, 2, new int[] {
      0x000000, 0xFFFFFF, 0x00FF80,
      0x0A141E, 0xFF0000, 0x808080});

  @Test
  void tfMapsZeroToMinusOneAndFullToOneInNhwcOrder() {
    Tensor t = Preprocessing.TF.toTensor(IMAGE);
    assertArrayEquals(new int[] {1, 2, 3, 3}, t.shape());
    assertEquals(-1f, t.get(0, 0, 0, 0));
    assertEquals(1f, t.get(0, 0, 1, 2));
    // pixel (x=2, y=0) is R 0, G 255, B 128
    assertEquals(-1f, t.get(0, 0, 2, 0));
    assertEquals(1f, t.get(0, 0, 2, 1));
    assertEquals(128 / 127.5f - 1f, t.get(0, 0, 2, 2));
    // pixel (x=1, y=1) is pure red
    assertEquals(1f, t.get(0, 1, 1, 0));
    assertEquals(-1f, t.get(0, 1, 1, 1));
    assertEquals(0f, Preprocessing.TF.normalise(127.5f, 0));
  }

  @Test
  void caffeIsBgrMinusTheImageNetMean() {
    Tensor t = Preprocessing.CAFFE.toTensor(IMAGE);
    // pixel (x=0, y=1) is R 10, G 20, B 30: channel 0 is blue
    assertEquals(30 - 103.939f, t.get(0, 1, 0, 0));
    assertEquals(20 - 116.779f, t.get(0, 1, 0, 1));
    assertEquals(10 - 123.68f, t.get(0, 1, 0, 2));
    // pure red lands in the last channel
    assertEquals(255 - 123.68f, t.get(0, 1, 1, 2));
    assertEquals(0 - 103.939f, t.get(0, 1, 1, 0));
  }

  @Test
  void torchScalesSubtractsMeanAndDividesByStd() {
    Tensor t = Preprocessing.TORCH.toTensor(IMAGE);
    assertEquals((1f - 0.485f) / 0.229f, t.get(0, 1, 1, 0));
    assertEquals((0f - 0.456f) / 0.224f, t.get(0, 1, 1, 1));
    assertEquals((128 / 255f - 0.406f) / 0.225f, t.get(0, 1, 2, 2));
  }

  @Test
  void modelInputResizesThenPreprocessesTheSamePixels() {
    RgbImage original = TestImages.rgb(300, 200, (x, y) -> x << 16 | y << 8 | (x + y) % 256);
    ModelInput input = ModelInput.prepare(original, 224, Preprocessing.TF);
    assertEquals(224, input.image().width());
    assertEquals(224, input.image().height());
    assertEquals(Resizer.resize(original, 224, 224), input.image());
    assertArrayEquals(new int[] {1, 224, 224, 3}, input.tensor().shape());
    assertArrayEquals(Preprocessing.TF.toTensor(input.image()).data(), input.tensor().data());
  }

  @Test
  void modelInputKeepsAnImageThatIsAlreadyTheRightSize() {
    RgbImage original = RgbImage.filled(224, 224, 0x102030);
    assertSame(original, ModelInput.prepare(original, 224, Preprocessing.CAFFE).image());
  }

  @Test
  void unitScalesToZeroOneAndRawKeepsTheBytes() {
    Tensor unit = Preprocessing.UNIT.toTensor(IMAGE);
    Tensor raw = Preprocessing.RAW.toTensor(IMAGE);
    // pixel (x=2, y=0) is R 0, G 255, B 128, in RGB order for both
    assertEquals(0f, unit.get(0, 0, 2, 0));
    assertEquals(1f, unit.get(0, 0, 2, 1));
    assertEquals(128 / 255f, unit.get(0, 0, 2, 2));
    assertEquals(0f, raw.get(0, 0, 2, 0));
    assertEquals(255f, raw.get(0, 0, 2, 1));
    assertEquals(128f, raw.get(0, 0, 2, 2));
    assertEquals("unit", Preprocessing.UNIT.id());
    assertEquals("raw", Preprocessing.RAW.id());
  }

  /** Keras's default model names, each with the mode its {@code keras.applications} module preprocesses with. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "-", value = {
      "resnet50, caffe", "resnet101, caffe", "resnet152, caffe", "vgg16, caffe", "vgg19, caffe",
      "densenet121, torch", "densenet201, torch",
      "resnet50v2, tf", "resnet152v2, tf", "mobilenet_1.00_224, tf", "mobilenet_0.25_224, tf",
      "mobilenetv2_1.00_224, tf", "inception_v3, tf", "inception_resnet_v2, tf", "xception, tf", "NASNet, tf",
      "efficientnetb0, raw", "efficientnetv2-b0, raw", "convnext_tiny, raw", "MobileNetV3Small, raw",
      "MobilenetV3large, raw", "regnetx002, raw", "resnet-rs-50, raw",
      "sequential, -", "model, -", "my_resnet50_finetuned, -", "resnet, -", "'', -"})
  void applicationNamesGiveKerasModes(String name, String mode) {
    assertEquals(Optional.ofNullable(mode), Preprocessing.forApplication(name).map(Preprocessing::id));
  }

  @Test
  void aModelIsPreprocessedAsTheApplicationItHoldsElseTf() {
    assertEquals(Preprocessing.TF, Preprocessing.forModel("sequential", List.of("conv2d", "dense")));
    assertEquals(Preprocessing.CAFFE, Preprocessing.forModel("vgg16", List.of("block1_conv1")));
    // A fine-tuned model: its own name says nothing, its nested base does.
    assertEquals(Preprocessing.TORCH, Preprocessing.forModel("finetuned",
        List.of("input_1", "densenet121/conv1/conv", "densenet121/bn", "dense")));
    assertEquals(Preprocessing.RAW, Preprocessing.forModel("sequential",
        List.of("augment/random_flip", "efficientnetb0/stem_conv", "head")));
  }

  @Test
  void modelInputSquashesToANonSquareSizeAsLoadImgDoes() {
    RgbImage original = TestImages.rgb(300, 200, (x, y) -> x << 16 | y << 8 | (x + y) % 256);
    ModelInput input = ModelInput.prepare(original, 96, 160, Preprocessing.UNIT);
    assertEquals(160, input.image().width());
    assertEquals(96, input.image().height());
    assertEquals(Resizer.resize(original, 160, 96), input.image());
    assertArrayEquals(new int[] {1, 96, 160, 3}, input.tensor().shape());
    assertArrayEquals(Preprocessing.UNIT.toTensor(input.image()).data(), input.tensor().data());
    assertSame(Preprocessing.UNIT, input.mode());
  }
}
