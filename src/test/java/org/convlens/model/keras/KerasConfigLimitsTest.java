package org.convlens.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Limits that keep a forged model config from overflowing the stack or taking minutes before it is refused. */
class KerasConfigLimitsTest {
  private static final Path FILE = Path.of("forged.json");

  @Test
  void nestingIsCountedOutsideStringsOnly() {
    assertEquals(3, KerasArchitecture.nestingDepth("{\"a\": [{\"b\": \"[[[[{{\"}], \"c\": \"\\\"[[\"}"));
    assertEquals(0, KerasArchitecture.nestingDepth("\"[[[\""));
  }

  @Test
  void aConfigNestedDeeperThanKerasWritesIsRefusedBeforeParsing() {
    String deep = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": " + "[".repeat(5000) + "]".repeat(5000)
        + "}}";
    String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, deep)).getMessage();
    assertTrue(m.contains("nests 5002 levels deep"), m);
  }

  @Test
  void aConfigJustUnderTheNestingLimitIsReadWithoutOverflowingTheStack() {
    int levels = KerasArchitecture.MAX_NESTING - 3;
    String deep = "{\"class_name\": \"Sequential\", \"config\": {\"layers\": " + "[".repeat(levels)
        + "]".repeat(levels) + "}}";
    // Refused as odd JSON (a list where a layer belongs), not with a StackOverflowError.
    String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, deep)).getMessage();
    assertTrue(m.contains("model config"), m);
  }

  @Test
  void moreLayersThanTheLimitAreRefusedByCount() {
    StringBuilder s = new StringBuilder("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"long\", \"layers\": "
        + "[{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, 4, 4, 1]}}");
    for (int i = 0; i < KerasArchitecture.MAX_LAYERS; i++) {
      s.append(", {\"class_name\": \"ReLU\", \"config\": {\"name\": \"r").append(i).append("\"}}");
    }
    String config = s.append("]}}").toString();
    String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, config)).getMessage();
    assertTrue(m.contains("the model has " + (KerasArchitecture.MAX_LAYERS + 1) + " layers"), m);
  }

  @Test
  void layersThatReadEachOtherAreNamedAsACycle() {
    String config = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"loop\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"name\": \"in\", "
        + "\"batch_input_shape\": [null, 4, 4, 1]}, \"inbound_nodes\": []}, "
        + "{\"class_name\": \"ReLU\", \"name\": \"a\", \"config\": {\"name\": \"a\"}, \"inbound_nodes\": "
        + "[[[\"in\", 0, 0, {}], [\"b\", 0, 0, {}]]]}, "
        + "{\"class_name\": \"ReLU\", \"name\": \"b\", \"config\": {\"name\": \"b\"}, \"inbound_nodes\": "
        + "[[[\"a\", 0, 0, {}]]]}], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"b\", 0, 0]]}}";
    String m = assertThrows(KerasFormatException.class, () -> KerasArchitecture.parse(FILE, config)).getMessage();
    assertTrue(m.contains("layers 'a', 'b' read each other in a cycle"), m);
  }
}
