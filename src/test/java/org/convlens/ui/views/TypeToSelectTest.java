package org.convlens.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TypeToSelectTest {
  private static final List<String> LAYERS = List.of("conv1", "conv_dw_1", "conv_pw_1", "conv_dw_10", "Conv_Preds");

  @Test
  void aTypedStartWinsOverAMatchInside() {
    assertEquals(Optional.of("conv_dw_1"), TypeToSelect.find(LAYERS, Function.identity(), "conv_d"));
    assertEquals(Optional.of("conv_dw_10"), TypeToSelect.find(LAYERS, Function.identity(), "conv_dw_10"));
  }

  @Test
  void otherwiseTheFirstNameContainingItIgnoringCase() {
    assertEquals(Optional.of("conv_pw_1"), TypeToSelect.find(LAYERS, Function.identity(), "PW"));
    assertEquals(Optional.of("Conv_Preds"), TypeToSelect.find(LAYERS, Function.identity(), "preds"));
    assertEquals(Optional.empty(), TypeToSelect.find(LAYERS, Function.identity(), "dense"));
  }
}
