package org.convlens.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.convlens.model.ModelSignature;
import org.convlens.model.SavedModelException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Reads a TensorFlow SavedModel folder's signature from its {@code saved_model.pb} (a protocol buffer: nothing is
 * loaded or run, TensorFlow need not be started): which signature to use, its input and outputs, and how many
 * parameters its variables hold. Refuses, in plain words, what DJL could not load or ConvLens could not feed.
 */
public final class SavedModelReader {
  /** The signature TensorFlow serves by default; without it, the only signature there is. */
  public static final String SERVING = SavedModelExporter.DEFAULT_SIGNATURE;
  /** The tag set DJL loads. */
  static final String SERVE_TAG = "serve";
  private static final String PB = "saved_model.pb";
  /** Read whole into memory: a graph of constants this large would not run on a laptop anyway. */
  static final long MAX_PB_BYTES = 1L << 30;
  private static final Set<String> VARIABLE_OPS = Set.of("VarHandleOp", "VariableV2", "Variable");

  private SavedModelReader() {}

  /** Whether {@code dir} looks like a SavedModel folder: a folder with {@code saved_model.pb} in it. */
  public static boolean isSavedModel(Path dir) {
    return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(PB));
  }

  /**
   * @throws SavedModelException naming the folder, what is wrong and what to do
   * @throws IOException when the file cannot be read at all
   */
  public static ModelSignature read(Path dir) throws IOException {
    Path pb = dir.resolve(PB);
    if (!Files.isRegularFile(pb)) {
      throw new SavedModelException("the folder " + dir + " has no " + PB + ", so it is not a TensorFlow "
          + "SavedModel; choose the folder that holds saved_model.pb and variables/ (or a Keras .h5 or .keras file)");
    }
    if (Files.size(pb) > MAX_PB_BYTES) {
      throw new SavedModelException(pb + " is " + Files.size(pb) / (1024 * 1024) + " MB, more than the "
          + MAX_PB_BYTES / (1024 * 1024) + " MB ConvLens reads (a graph this large keeps its weights as constants); "
          + "save the model with its weights as variables (tf.saved_model.save or Keras's model.export)");
    }
    SavedModel model;
    try (InputStream in = Files.newInputStream(pb)) {
      model = SavedModel.parseFrom(in);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw damaged(pb, e);
    }
    MetaGraphDef meta = model.getMetaGraphsList().stream()
        .filter(m -> m.getMetaInfoDef().getTagsList().contains(SERVE_TAG)).findFirst().orElse(null);
    if (meta == null) {
      if (model.getMetaGraphsCount() == 0) {
        throw damaged(pb, null);
      }
      List<String> tags = model.getMetaGraphsList().stream().map(m -> m.getMetaInfoDef().getTagsList().toString())
          .toList();
      throw new SavedModelException("the SavedModel in " + dir + " has no graph tagged '" + SERVE_TAG + "' (its "
          + "tag sets: " + tags + "), and ConvLens loads the serving graph; save the model for serving (Keras's "
          + "model.export or tf.saved_model.save)");
    }
    String key = signatureKey(dir, meta);
    SignatureDef signature = meta.getSignatureDefMap().get(key);
    if (signature.getInputsCount() != 1) {
      throw new SavedModelException("the SavedModel in " + dir + " has " + signature.getInputsCount()
          + " inputs in signature '" + key + "' (" + String.join(", ", new TreeMap<>(signature.getInputsMap())
              .keySet()) + "), but ConvLens feeds one image: export a signature with one image input "
          + "(batch, height, width, 3)");
    }
    Map.Entry<String, TensorInfo> in = signature.getInputsMap().entrySet().iterator().next();
    List<ModelSignature.Spec> outputs = new ArrayList<>();
    new TreeMap<>(signature.getOutputsMap()).forEach((name, info) -> outputs.add(spec(name, info)));
    long[] variables = variables(meta);
    if (variables[0] > 0) {
      checkVariables(dir);
    }
    return new ModelSignature(dir, key, spec(in.getKey(), in.getValue()), outputs, variables[1]);
  }

  private static SavedModelException damaged(Path pb, Exception cause) {
    return new SavedModelException(pb + " is damaged or not a SavedModel (it does not read as one; a copy cut "
        + "short?); copy or export the SavedModel again", cause);
  }

  /** {@link #SERVING}, else the only signature; a clear refusal naming them otherwise. */
  private static String signatureKey(Path dir, MetaGraphDef meta) {
    Set<String> keys = new TreeMap<>(meta.getSignatureDefMap()).keySet();
    // TensorFlow 2 stores its init op as a signature too; it is not one to run.
    List<String> usable = keys.stream().filter(k -> !k.equals("__saved_model_init_op")).toList();
    if (usable.contains(SERVING)) {
      return SERVING;
    }
    if (usable.size() == 1) {
      return usable.get(0);
    }
    throw new SavedModelException("the SavedModel in " + dir + " has " + (usable.isEmpty() ? "no signature"
        : "no '" + SERVING + "' signature but several: " + String.join(", ", usable)) + "; ConvLens runs '"
        + SERVING + "' or the only signature, so export the model with one named " + SERVING);
  }

  private static ModelSignature.Spec spec(String key, TensorInfo info) {
    String dtype = info.getDtype().name().replaceFirst("^DT_", "").toLowerCase(Locale.ROOT);
    TensorShapeProto shape = info.getTensorShape();
    if (!info.hasTensorShape() || shape.getUnknownRank()) {
      return new ModelSignature.Spec(key, dtype, null);
    }
    int[] dims = shape.getDimList().stream().mapToInt(d -> (int) Math.max(-1, Math.min(d.getSize(), Integer.MAX_VALUE)))
        .toArray();
    return new ModelSignature.Spec(key, dtype, dims);
  }

  /** How many variables the graph has, and how many scalars they hold (-1 when a shape is open). */
  private static long[] variables(MetaGraphDef meta) {
    long count = 0;
    long scalars = 0;
    for (NodeDef node : meta.getGraphDef().getNodeList()) {
      if (!VARIABLE_OPS.contains(node.getOp())) {
        continue;
      }
      count++;
      AttrValue shape = node.getAttrMap().get("shape");
      long size = shape == null || shape.getShape().getUnknownRank() ? -1 : 1;
      for (TensorShapeProto.Dim d : shape == null ? List.<TensorShapeProto.Dim>of() : shape.getShape().getDimList()) {
        size = d.getSize() < 0 || size < 0 ? -1 : size * d.getSize();
      }
      scalars = size < 0 || scalars < 0 ? -1 : scalars + size;
    }
    return new long[] {count, count == 0 ? 0 : scalars};
  }

  /** A graph with variables needs its checkpoint: {@code variables/variables.index} and its data. */
  private static void checkVariables(Path dir) throws IOException {
    Path variables = dir.resolve("variables");
    boolean data = false;
    if (Files.isDirectory(variables)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(variables, "variables.data-*")) {
        data = files.iterator().hasNext();
      }
    }
    if (!Files.isRegularFile(variables.resolve("variables.index")) || !data) {
      throw new SavedModelException("the SavedModel in " + dir + " has variables but its folder variables/ "
          + "lacks variables.index or variables.data-*; copy the whole SavedModel folder, variables/ included");
    }
  }
}
