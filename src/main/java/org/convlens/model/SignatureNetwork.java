package org.convlens.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The {@link Network} ConvLens shows for a TensorFlow SavedModel: an input layer and one {@link SignatureOutput} per
 * output of its signature. Every rank-4 output is a stage (a Feature maps tab named by its key); a vector of 1000
 * gives ImageNet predictions (it goes last: the graph's output layer is the one ranked); anything else is listed.
 */
public final class SignatureNetwork {
  /** What the views that need a Keras layer graph say for a SavedModel. */
  public static final String NEEDS_KERAS = "This needs a Keras model (ConvLens's own layer graph); a TensorFlow "
      + "SavedModel shows only the outputs of its signature. Open the model's .keras or .h5 file to see it here.";

  private static final int IMAGENET_CLASSES = 1000;

  private SignatureNetwork() {}

  /**
   * @param imageSize the height and width when the signature leaves them open
   * @throws SavedModelException when the input is not one float32 NHWC image of 3 channels
   */
  public static Network of(ModelSignature signature, int imageSize) {
    ModelSignature.Spec in = signature.input();
    int[] s = in.shape();
    if (s == null || s.length != 4 || s[3] != 3 || !in.dtype().equals("float")) {
      throw new SavedModelException("the SavedModel in " + signature.dir() + " takes '" + in.key() + "' "
          + in.describe() + " (signature '" + signature.key() + "'), but ConvLens feeds one image: float, shape "
          + "(batch, height, width, 3), channels last; export the model with such an input (e.g. Keras's "
          + "model.export) or open its .keras file instead");
    }
    boolean open = s[1] < 0 || s[2] < 0;
    int height = s[1] < 0 ? imageSize : s[1];
    int width = s[2] < 0 ? imageSize : s[2];
    String inputName = uniqueInputName(signature);
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer(inputName, new LayerConfig.Input(height, width, 3), List.of()));
    List<NetworkStage> stages = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    notes.add("TensorFlow SavedModel " + signature.dir() + ", signature '" + signature.key() + "': input '"
        + in.key() + "' " + in.describe() + ".");
    if (open) {
      notes.add("The signature leaves the input's height and width open: images are resized to " + height + " x "
          + width + " (the command line's --input-size changes it).");
    }
    notes.add("Preprocessing: a SavedModel does not store it; ConvLens uses tf (Keras's mode if the folder is named "
        + "after a Keras application), shown in the status bar, where it can be changed (--preprocess on the "
        + "command line).");
    notes.add(signature.parameters() < 0
        ? "Parameters: unknown (saved_model.pb leaves a variable's shape open); the rows' 0s are not a count."
        : "Parameters: " + String.format("%,d", signature.parameters()) + ", counted from the variables' shapes in "
            + "saved_model.pb (which layer owns which is not known: the rows show 0).");
    List<ModelSignature.Spec> vectors = new ArrayList<>();
    for (ModelSignature.Spec out : inNetworkOrder(signature.outputs())) {
      if (out.rank() == 4 && out.dtype().equals("float")) {
        layers.add(output(out, inputName));
        stages.add(new NetworkStage(out.key(), out.key()));
      } else if (out.rank() == 2 && out.dtype().equals("float")) {
        vectors.add(out);
      } else {
        notes.add("Output '" + out.key() + "' " + out.describe() + " is not shown: ConvLens shows float feature "
            + "maps (rank 4) and vectors (rank 2).");
      }
    }
    // The graph's last layer is the one predictions rank: a vector of ImageNet's 1000 classes if there is one.
    vectors.sort(Comparator.comparing(v -> v.shape()[1] == IMAGENET_CLASSES ? 1 : 0));
    vectors.forEach(v -> layers.add(output(v, inputName)));
    notes.add("Filters, Explain and any layer besides these outputs need a Keras model (ConvLens's own layer "
        + "graph); a SavedModel shows its signature's outputs only.");
    LayerGraph graph = new LayerGraph(name(signature), layers, notes);
    String predictions = vectors.isEmpty() || vectors.get(vectors.size() - 1).shape()[1] != IMAGENET_CLASSES
        ? null : vectors.get(vectors.size() - 1).key();
    WeightsOrigin origin = new WeightsOrigin("TensorFlow SavedModel " + signature.dir(), false,
        "savedmodel-" + signature.dir());
    return Network.ofSignature(graph, signature, origin, stages, predictions);
  }

  /**
   * A signature's outputs come sorted by key ({@code conv_11} before {@code conv_3}): in the order a network computes
   * them as far as their shapes tell, larger maps first, then by key with its numbers as numbers.
   */
  static List<ModelSignature.Spec> inNetworkOrder(List<ModelSignature.Spec> outputs) {
    Comparator<ModelSignature.Spec> bySize = Comparator.comparingLong(o -> o.rank() == 4
        ? -(long) Math.max(o.shape()[1], 0) * Math.max(o.shape()[2], 0) : 0);
    return outputs.stream().sorted(bySize.thenComparing(ModelSignature.Spec::key, SignatureNetwork::naturally))
        .toList();
  }

  /** Compares names with their runs of digits as numbers: {@code conv_3} before {@code conv_11}. */
  static int naturally(String a, String b) {
    String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
    String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean numbers = x[i].matches("\\d{1,18}") && y[i].matches("\\d{1,18}");
      int c = numbers ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  /** The model's name: its folder's. */
  private static String name(ModelSignature signature) {
    return signature.dir().getFileName() == null ? "saved_model" : signature.dir().getFileName().toString();
  }

  private static Layer output(ModelSignature.Spec out, String input) {
    return new Layer(out.key(), new SignatureOutput(Arrays.copyOfRange(out.shape(), 1, out.shape().length)),
        List.of(input));
  }

  /** The input's key, unless an output has the same key (a layer name must be unique). */
  private static String uniqueInputName(ModelSignature signature) {
    String name = signature.input().key();
    while (true) {
      String candidate = name;
      if (signature.outputs().stream().noneMatch(o -> o.key().equals(candidate))) {
        return name;
      }
      name = "input_" + name;
    }
  }
}
