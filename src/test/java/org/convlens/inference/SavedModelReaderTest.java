package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.convlens.files.FileTrees;
import org.convlens.model.LayerConfig;
import org.convlens.model.ModelSignature;
import org.convlens.model.Network;
import org.convlens.model.NetworkStage;
import org.convlens.model.SavedModelException;
import org.convlens.model.SignatureNetwork;
import org.convlens.testing.SavedModelFolders;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

/** What a SavedModel folder's signature tells, and the folders refused before TensorFlow is asked to load them. */
class SavedModelReaderTest {

  @Test
  void twoRank4OutputsAreTwoStagesAndTheVectorIsTheOutputLayer(@TempDir Path dir) throws Exception {
    ModelSignature signature = SavedModelReader.read(SavedModelFolders.twoMaps(dir.resolve("m")));
    assertEquals("serving_default", signature.key());
    assertEquals("image", signature.input().key());
    assertArrayEquals(new int[] {-1, -1, -1, 3}, signature.input().shape());
    assertEquals(List.of("edges", "pooled", "scores"), signature.outputs().stream().map(ModelSignature.Spec::key)
        .toList());
    assertEquals(SavedModelFolders.PARAMETERS, signature.parameters());

    Network network = SignatureNetwork.of(signature, 96);
    assertEquals(new LayerConfig.Input(96, 96, 3), network.graph().input().config());
    assertEquals(List.of(new NetworkStage("edges", "edges"), new NetworkStage("pooled", "pooled")),
        network.stages());
    assertEquals("scores", network.graph().outputLayer());
    assertTrue(network.predictionsLayer().isEmpty(), "4 scores are not ImageNet's 1000 classes");
    assertTrue(network.signature().isPresent());
  }

  @Test
  void theOnlySignatureIsUsedWhateverItsName(@TempDir Path dir) throws Exception {
    Path folder = SavedModelFolders.write(dir.resolve("m"), Shape.of(-1, 32, 32, 3), "classify");
    ModelSignature signature = SavedModelReader.read(folder);
    assertEquals("classify", signature.key());
    assertEquals(new LayerConfig.Input(32, 32, 3), SignatureNetwork.of(signature, 224).graph().input().config());
  }

  @Test
  void severalSignaturesWithoutServingDefaultAreNamed(@TempDir Path dir) throws Exception {
    Path folder = SavedModelFolders.write(dir.resolve("m"), Shape.of(-1, 32, 32, 3), "classify", "embed");
    String message = refusal(() -> SavedModelReader.read(folder));
    assertTrue(message.contains("classify, embed") && message.contains("serving_default"), message);
  }

  @Test
  void anInputThatIsNotAnRgbImageIsRefusedSayingWhatWasFound(@TempDir Path dir) throws Exception {
    Path folder = SavedModelFolders.write(dir.resolve("m"), Shape.of(-1, 28, 28, 1), "serving_default");
    ModelSignature signature = SavedModelReader.read(folder);
    String message = refusal(() -> SignatureNetwork.of(signature, 224));
    assertTrue(message.contains("'image' float (?, 28, 28, 1)") && message.contains("(batch, height, width, 3)"),
        message);
  }

  @Test
  void aFolderWithoutSavedModelPbSaysWhatToChoose(@TempDir Path dir) throws Exception {
    String message = refusal(() -> SavedModelReader.read(dir));
    assertTrue(message.contains(dir + " has no saved_model.pb") && message.contains("choose the folder"), message);
    assertFalse(SavedModelReader.isSavedModel(dir));
  }

  @Test
  void aDamagedOrTruncatedSavedModelPbIsRefused(@TempDir Path dir) throws Exception {
    Path folder = SavedModelFolders.twoMaps(dir.resolve("m"));
    Path pb = folder.resolve("saved_model.pb");
    byte[] whole = Files.readAllBytes(pb);
    Files.write(pb, Arrays.copyOf(whole, whole.length / 2));
    String truncated = refusal(() -> SavedModelReader.read(folder));
    assertTrue(truncated.contains("is damaged or not a SavedModel") && truncated.contains("export the SavedModel "
        + "again"), truncated);
    Files.writeString(pb, "this is not a protocol buffer at all\n".repeat(10));
    assertTrue(refusal(() -> SavedModelReader.read(folder)).contains("is damaged or not a SavedModel"));
  }

  @Test
  void missingVariablesAreRefused(@TempDir Path dir) throws Exception {
    Path folder = SavedModelFolders.twoMaps(dir.resolve("m"));
    FileTrees.deleteQuietly(folder.resolve("variables"));
    String message = refusal(() -> SavedModelReader.read(folder));
    assertTrue(message.contains("has variables but its folder variables/") && message.contains("copy the whole"),
        message);
  }

  private static String refusal(org.junit.jupiter.api.function.Executable action) {
    SavedModelException e = assertThrows(SavedModelException.class, action);
    return UserMessages.assertPlain(e);
  }
}
