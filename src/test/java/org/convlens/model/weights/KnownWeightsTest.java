package org.convlens.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownWeightsTest {
  @Test
  void resnet50v2HasTheOfficialFilesChecksumsAndUrls() {
    KnownWeights w = KnownWeights.RESNET50_V2;
    assertEquals("resnet50v2_weights_tf_dim_ordering_tf_kernels.h5", w.preferred().fileName());
    assertEquals("3ef43a0b657b3be2300d5770ece849e0", w.preferred().checksum());
    assertEquals("fac2f116257151a9d068a22e544a4917", w.files().get(1).checksum());
    assertEquals(URI.create("https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
        + "resnet50v2_weights_tf_dim_ordering_tf_kernels_notop.h5"),
        KnownWeights.urlOf(w.baseUrls().get(0), w.files().get(1)));
    assertEquals(URI.create("https://github.com/keras-team/keras-applications/releases/download/resnet/"
        + "resnet50v2_weights_tf_dim_ordering_tf_kernels.h5"),
        KnownWeights.urlOf(w.baseUrls().get(1), w.preferred()));
  }

  @Test
  void baseUrlsWithoutSlashStillResolveInsideTheFolder() {
    WeightsFile f = new WeightsFile("a.h5", "0123456789abcdef0123456789ABCDEF", false);
    assertEquals("0123456789abcdef0123456789abcdef", f.checksum());
    assertEquals(URI.create("http://127.0.0.1:8/x/y/a.h5"),
        KnownWeights.urlOf(URI.create("http://127.0.0.1:8/x/y"), f));
  }

  @Test
  void rejectsNamesThatAreNotPlainFilesAndBadChecksums() {
    String md5 = "0123456789abcdef0123456789abcdef";
    assertThrows(IllegalArgumentException.class, () -> new WeightsFile("../evil.h5", md5, true));
    assertThrows(IllegalArgumentException.class, () -> new WeightsFile("a/b.h5", md5, true));
    assertThrows(IllegalArgumentException.class, () -> new WeightsFile("a.h5", "xyz", true));
    assertThrows(IllegalArgumentException.class, () -> new KnownWeights("M", List.of(),
        List.of()));
    assertThrows(IllegalArgumentException.class, () -> new KnownWeights("M",
        List.of(new WeightsFile("a.h5", md5, true)), List.of(URI.create("file:///tmp/"))));
  }
}
