package org.convlens.model.keras;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convlens.model.ActivationLayers;
import org.convlens.model.LayerConfig;
import org.convlens.model.Merges;
import org.convlens.model.Pooling;
import org.convlens.model.PreprocessingLayers;
import org.convlens.model.Reshaping;

/**
 * Operations a Keras 3 functional graph holds beside its layers ({@code x + y} is saved as class {@code Add} of
 * module {@code keras.src.ops.numpy}), as the layer kinds that compute the same: two tensors combine like the merge
 * layers, a tensor and a number like {@code Rescaling}, a spatial mean like global average pooling, a reshape or
 * a transpose that keeps the batch axis like {@code Reshape} and {@code Permute}, an activation function
 * ({@code keras.ops.relu}) like the {@code Activation} layer.
 */
final class KerasOps {
  /** Activation operations ({@code keras.ops.relu(x)}) by class, as the activation names layers use. */
  private static final Map<String, String> ACTIVATIONS = Map.ofEntries(
      Map.entry("Relu", "relu"), Map.entry("Relu6", "relu6"), Map.entry("Sigmoid", "sigmoid"),
      Map.entry("Silu", "silu"), Map.entry("Tanh", "tanh"), Map.entry("HardSigmoid", "hard_sigmoid"),
      Map.entry("HardSilu", "hard_silu"), Map.entry("Softplus", "softplus"), Map.entry("Softsign", "softsign"),
      Map.entry("Selu", "selu"), Map.entry("Exp", "exponential"));
  static final Set<String> CLASSES = classes();

  private static Set<String> classes() {
    Set<String> all = new java.util.HashSet<>(Set.of("Add", "Subtract", "Multiply", "Divide", "TrueDivide",
        "Maximum", "Minimum", "Mean", "Reshape", "Transpose", "Concatenate", "Softmax", "Elu"));
    all.addAll(ACTIVATIONS.keySet());
    return Set.copyOf(all);
  }

  private KerasOps() {}

  /** Whether a config entry is an operation rather than a layer. */
  static boolean isOperation(String module) {
    return module != null && module.startsWith("keras.src.ops.");
  }

  /**
   * The layer computing the same as the operation.
   *
   * @throws LayerJson.Refusal when it is not one of the supported forms
   */
  static LayerConfig decode(String className, JsonObject config, KerasNodes.Call call) {
    LayerJson c = new LayerJson(className, config, true);
    int tensors = call.inputs().size();
    List<Float> k = call.constants();
    switch (className) {
      case "Add", "Subtract", "Multiply", "Maximum", "Minimum" -> {
        if (tensors == 2 && k.isEmpty()) {
          return new Merges.ElementWise(Merges.Operation.valueOf(className.toUpperCase(java.util.Locale.ROOT)));
        }
        if (tensors == 1 && k.size() == 1) {
          float v = k.get(0);
          switch (className) {
            case "Add":
              return new PreprocessingLayers.Rescaling(1, v);
            case "Multiply":
              return new PreprocessingLayers.Rescaling(v, 0);
            case "Subtract":
              return call.constantFirst() ? new PreprocessingLayers.Rescaling(-1, v)
                  : new PreprocessingLayers.Rescaling(1, -v);
            default:
              break;
          }
        }
      }
      case "Divide", "TrueDivide" -> {
        if (tensors == 1 && k.size() == 1 && k.get(0) != 0 && !call.constantFirst()) {
          return new PreprocessingLayers.Rescaling(1 / k.get(0), 0);
        }
      }
      case "Mean" -> {
        int[] axes = c.ints("axis").clone();
        for (int i = 0; i < axes.length; i++) {
          axes[i] = axes[i] < 0 ? axes[i] + 4 : axes[i];
        }
        Arrays.sort(axes);
        if (tensors == 1 && Arrays.equals(axes, new int[] {1, 2})) {
          return new Pooling.GlobalAveragePooling2D(c.flag("keepdims", false));
        }
      }
      case "Reshape" -> {
        int[] shape = c.ints("newshape");
        if (tensors == 1 && shape.length > 1 && (shape[0] == -1)) {
          return new Reshaping.Reshape(Arrays.copyOfRange(shape, 1, shape.length));
        }
      }
      case "Concatenate" -> {
        int axis = c.axis("axis", 0);
        if (tensors >= 2 && k.isEmpty() && axis != 0) {
          return new Merges.Concatenate(axis);
        }
      }
      case "Softmax" -> {
        if (tensors == 1) {
          return new ActivationLayers.Softmax(c.axis("axis", -1));
        }
      }
      case "Elu" -> {
        if (tensors == 1) {
          return new ActivationLayers.ELU(c.number("alpha", 1f));
        }
      }
      case "Transpose" -> {
        int[] axes = c.ints("axes");
        if (tensors == 1 && axes.length > 1 && axes[0] == 0) {
          return new Reshaping.Permute(Arrays.copyOfRange(axes, 1, axes.length));
        }
      }
      default -> {
        if (ACTIVATIONS.containsKey(className) && tensors == 1 && k.isEmpty()) {
          return new ActivationLayers.Activation(c.activation(ACTIVATIONS.get(className)));
        }
      }
    }
    throw c.refuse("this form of the operation is not supported (supported: the sum, difference, product, "
        + "maximum or minimum of two tensors; a tensor with a number; a concatenation; a mean over height and "
        + "width; a reshape or transpose that keeps the batch axis; activation functions)");
  }
}
