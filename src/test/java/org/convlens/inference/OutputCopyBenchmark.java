package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A/B in one process: copying ResNet50V2's six default outputs out of TensorFlow with DJL's {@code toFloatArray}
 * (two copies) against {@link ActivationsTranslator#copy} (one), alternating rounds. Not a test: run with
 * {@code mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=OutputCopyBenchmark}.
 */
@Tag("benchmark")
class OutputCopyBenchmark {
  private static final long[][] SHAPES = {
      {1, 112, 112, 64}, {1, 28, 28, 256}, {1, 14, 14, 512}, {1, 7, 7, 1024}, {1, 7, 7, 2048}, {1, 1000}};

  @Test
  void figures() throws Exception {
    TensorFlowRuntime.start();
    try (NDManager manager = Engine.getEngine("TensorFlow").newBaseManager()) {
      List<NDArray> outputs = new ArrayList<>();
      for (long[] shape : SHAPES) {
        outputs.add(manager.randomUniform(-1, 1, new Shape(shape)));
      }
      for (NDArray a : outputs) {
        assertArrayEquals(a.toFloatArray(), ActivationsTranslator.copy(a));
      }
      double[] twice = new double[200];
      double[] once = new double[200];
      for (int round = 0; round < twice.length; round++) {
        long t = System.nanoTime();
        outputs.forEach(NDArray::toFloatArray);
        twice[round] = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        outputs.forEach(ActivationsTranslator::copy);
        once[round] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(twice);
      Arrays.sort(once);
      System.out.printf("COPY six default outputs (%.1f MB): toFloatArray median %.2f ms (min %.2f), one bulk copy "
          + "median %.2f ms (min %.2f)%n", 4.0 * Arrays.stream(SHAPES).mapToLong(s -> Arrays.stream(s)
              .reduce(1, (x, y) -> x * y)).sum() / 1e6, twice[100], twice[0], once[100], once[0]);
    }
  }
}
