package org.convlens.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;

/** Compares two layer graphs layer by layer: names in order, config records (arrays by content), inbound, shapes. */
public final class GraphAssertions {
  private GraphAssertions() {}

  public static void assertSameGraph(LayerGraph expected, LayerGraph actual) {
    assertEquals(expected.layerNames(), actual.layerNames(), "layer names in order");
    for (Layer e : expected.layers()) {
      Layer a = actual.layer(e.name());
      assertEquals(describe(e.config()), describe(a.config()), e.name() + ": config");
      assertEquals(e.inbound(), a.inbound(), e.name() + ": inbound");
      assertArrayEquals(expected.outputShape(e.name()), actual.outputShape(e.name()), e.name() + ": shape");
    }
  }

  /** A record's class and components, arrays by content (records compare arrays by identity). */
  public static String describe(LayerConfig config) {
    List<String> parts = new ArrayList<>();
    for (RecordComponent c : config.getClass().getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(config);
        parts.add(c.getName() + "=" + (v != null && v.getClass().isArray() ? arrayText(v) : String.valueOf(v)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return config.getClass().getSimpleName() + parts;
  }

  private static String arrayText(Object array) {
    if (array instanceof int[] ints) {
      return Arrays.toString(ints);
    }
    if (array instanceof float[] floats) {
      return Arrays.toString(floats);
    }
    return Arrays.deepToString((Object[]) array);
  }
}
