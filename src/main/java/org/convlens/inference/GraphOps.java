package org.convlens.inference;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_AddGradientsWithPrefix;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_AddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FinishOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphGetTensorNumDims;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphGetTensorShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphNextOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationGetAttrValueProto;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationNumOutputs;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationOpType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationOutputConsumers;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationOutputNumConsumers;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrInt;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrIntList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrString;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_UpdateEdge;

import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.util.Pair;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_OperationDescription;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.TensorProto;

/**
 * Adds the few ops a gradient question needs to a graph that is already loaded (the SavedModel's graph DJL
 * holds), through TensorFlow's C API: TF Java's {@code Ops} only builds into graphs it created itself. It also reads
 * ops' attributes and shapes and rewires their consumers, for {@link CheaperGradients}. A session
 * made from a graph runs the ops added later: each run extends it with the graph's new nodes.
 *
 * <p>Type attributes follow from the inputs; only the others are set. Names get a prefix of their own so they never
 * clash with a layer's. Not thread-safe: the caller holds the model's lock.
 */
final class GraphOps {
  /** One output of an op in the graph. */
  record Port(TF_Operation op, int index) {}

  private static final String PREFIX = "convlens_gradients/";

  private final TF_Graph graph;
  private int names;

  GraphOps(TF_Graph graph) {
    this.graph = graph;
  }

  /** The output named {@code tensorName} ("op:index" or "op"). */
  Port port(String tensorName) {
    Pair<TF_Operation, Integer> op = JavacppUtils.getGraphOperationByName(graph, tensorName);
    return new Port(op.getKey(), op.getValue());
  }

  static String opType(Port p) {
    return TF_OperationOpType(p.op()).getString();
  }

  /** The {@code i}-th input of {@code p}'s op: where its value comes from. */
  static Port input(Port p, int i) {
    try (TF_Input in = new TF_Input(); TF_Output from = TF_OperationInput(in.oper(p.op()).index(i))) {
      return new Port(from.oper(), from.index());
    }
  }

  /** A float placeholder; -1 in {@code shape} for a size given at each run. */
  Port placeholder(long[] shape) {
    TF_OperationDescription d = TF_NewOperation(graph, "Placeholder", name("weights"));
    TF_SetAttrType(d, "dtype", TF_FLOAT);
    TF_SetAttrShape(d, "shape", shape, shape.length);
    return finish(d);
  }

  /** {@code value} unless a tensor is fed for it. */
  Port placeholderWithDefault(Port value, long[] shape) {
    TF_OperationDescription d = TF_NewOperation(graph, "PlaceholderWithDefault", name("choice"));
    addInput(d, value);
    TF_SetAttrType(d, "dtype", TF_INT32);
    TF_SetAttrShape(d, "shape", shape, shape.length);
    return finish(d);
  }

  /** Int32 indices of the largest values along {@code axis}. */
  Port argMax(Port x, int axis) {
    Port dimension = ints(axis);
    TF_OperationDescription d = TF_NewOperation(graph, "ArgMax", name("argmax"));
    addInput(d, x);
    addInput(d, dimension);
    TF_SetAttrType(d, "output_type", TF_INT32);
    return finish(d);
  }

  /** Float one-hot rows of {@code depth} for int32 {@code indices}. */
  Port oneHot(Port indices, int depth) {
    Port size = ints(depth);
    Port on = floats(1f);
    Port off = floats(0f);
    TF_OperationDescription d = TF_NewOperation(graph, "OneHot", name("one_hot"));
    addInput(d, indices);
    addInput(d, size);
    addInput(d, on);
    addInput(d, off);
    return finish(d);
  }

  Port mul(Port a, Port b) {
    return op("Mul", "mul", a, b);
  }

  /** The sum over {@code axes}, which are dropped. */
  Port sum(Port x, int... axes) {
    return reduce("Sum", x, axes);
  }

  Port abs(Port x) {
    return op("Abs", "abs", x);
  }

  /** The largest value over {@code axes}, which are dropped. */
  Port max(Port x, int... axes) {
    return reduce("Max", x, axes);
  }

  /** A reduction op ({@code Sum}, {@code Max}) of {@code x} over {@code axes}, which are dropped. */
  private Port reduce(String type, Port x, int... axes) {
    Port indices = ints(axes);
    TF_OperationDescription d = TF_NewOperation(graph, type, name(type.toLowerCase(Locale.ROOT)));
    addInput(d, x);
    addInput(d, indices);
    return finish(d);
  }

  /**
   * d y / d x, for a scalar {@code y}: TensorFlow's symbolic gradient ops, added to the graph, with the costly
   * ones among them replaced by cheaper equivalents ({@link CheaperGradients}) unless {@code asBuilt}.
   */
  Port gradient(Port y, Port x, boolean asBuilt) {
    String prefix = name("d");
    try (TF_Output ys = output(y); TF_Output xs = output(x); TF_Output dy = new TF_Output(1);
        TF_Status status = TF_Status.newStatus()) {
      TF_AddGradientsWithPrefix(graph, prefix, ys, 1, xs, 1, null, status, dy);
      status.throwExceptionIfNotOK();
      Port dx = new Port(dy.oper(), dy.index());
      return asBuilt ? dx : new CheaperGradients(this).rewrite(ops(prefix + "/"), dx);
    }
  }

  /** The graph's ops whose names start with {@code prefix}, in the order they were added. */
  List<TF_Operation> ops(String prefix) {
    List<TF_Operation> found = new ArrayList<>();
    try (SizeTPointer position = new SizeTPointer(1)) {
      position.put(0L);
      for (TF_Operation op; (op = TF_GraphNextOperation(graph, position)) != null; ) {
        if (TF_OperationName(op).getString().startsWith(prefix)) {
          found.add(op);
        }
      }
    }
    return found;
  }

  static String opType(TF_Operation op) {
    return TF_OperationOpType(op).getString();
  }

  static String opName(TF_Operation op) {
    return TF_OperationName(op).getString();
  }

  /** An attribute of {@code op}, as TensorFlow stores it. */
  static AttrValue attr(TF_Operation op, String name) {
    TF_Buffer buffer = TF_NewBuffer();
    try (TF_Status status = TF_Status.newStatus()) {
      TF_OperationGetAttrValueProto(op, name, buffer, status);
      status.throwExceptionIfNotOK();
      byte[] bytes = new byte[Math.toIntExact(buffer.length())];
      new BytePointer(buffer.data()).capacity(bytes.length).get(bytes);
      return AttrValue.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("attribute " + name + " of " + opName(op) + " is unreadable", e);
    } finally {
      TF_DeleteBuffer(buffer);
    }
  }

  /** The static shape of {@code p} (-1 for a size known only at run time), or null when even its rank is not. */
  long[] shape(Port p) {
    try (TF_Output o = output(p); TF_Status status = TF_Status.newStatus()) {
      int rank = TF_GraphGetTensorNumDims(graph, o, status);
      status.throwExceptionIfNotOK();
      if (rank < 0) {
        return null;
      }
      long[] dims = new long[rank];
      TF_GraphGetTensorShape(graph, o, dims, rank, status);
      status.throwExceptionIfNotOK();
      return dims;
    }
  }

  /**
   * The values of a constant {@code p} (an int or float Const op, as doubles; a stored single value fills {@code
   * count}), or null when {@code p} is not a constant.
   */
  static double[] constant(Port p, int count) {
    if (!opType(p).equals("Const")) {
      return null;
    }
    TensorProto t = attr(p.op(), "value").getTensor();
    java.nio.ByteBuffer content = t.getTensorContent().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = switch (t.getDtype()) {
        case DT_INT32 -> content.hasRemaining() ? content.getInt(i * 4) : t.getIntVal(Math.min(i, t.getIntValCount() - 1));
        case DT_INT64 -> content.hasRemaining() ? content.getLong(i * 8)
            : t.getInt64Val(Math.min(i, t.getInt64ValCount() - 1));
        case DT_FLOAT -> content.hasRemaining() ? content.getFloat(i * 4)
            : t.getFloatVal(Math.min(i, t.getFloatValCount() - 1));
        default -> Double.NaN;
      };
    }
    return values;
  }

  /** One input of an op: which op, and which of its inputs. */
  record Reader(TF_Operation op, int input) {}

  /** The op input reading {@code p}, when exactly one does, else null. */
  static Reader onlyReader(Port p) {
    try (TF_Output o = output(p)) {
      if (TF_OperationOutputNumConsumers(o) != 1) {
        return null;
      }
      try (TF_Input consumer = new TF_Input(1)) {
        TF_OperationOutputConsumers(o, consumer, 1);
        return new Reader(consumer.oper(), consumer.index());
      }
    }
  }

  static int outputCount(TF_Operation op) {
    return TF_OperationNumOutputs(op);
  }

  static int consumerCount(Port p) {
    try (TF_Output o = output(p)) {
      return TF_OperationOutputNumConsumers(o);
    }
  }

  /** Makes every op that reads {@code from} read {@code to} instead (before any session has run them). */
  void redirect(Port from, Port to) {
    try (TF_Output o = output(from); TF_Output t = output(to); TF_Status status = TF_Status.newStatus()) {
      int n = TF_OperationOutputNumConsumers(o);
      if (n == 0) {
        return;
      }
      try (TF_Input consumers = new TF_Input(n)) {
        TF_OperationOutputConsumers(o, consumers, n);
        for (int i = 0; i < n; i++) {
          TF_Input in = consumers.getPointer(i);
          TF_UpdateEdge(graph, t, in, status);
          status.throwExceptionIfNotOK();
        }
      }
    }
  }

  /** The shape of {@code x} at run time, int32. */
  Port shapeOf(Port x) {
    return op("Shape", "shape", x);
  }

  /**
   * The input gradient of a depthwise convolution (NHWC) with {@code padding} "SAME" or "VALID".
   *
   * @param inputSize the input's shape, int32
   */
  Port depthwiseInputGradient(Port inputSize, Port filter, Port dy, long[] strides, String padding) {
    TF_OperationDescription d = TF_NewOperation(graph, "DepthwiseConv2dNativeBackpropInput", name("depthwise_grad"));
    addInput(d, inputSize);
    addInput(d, filter);
    addInput(d, dy);
    TF_SetAttrIntList(d, "strides", strides, strides.length);
    setString(d, "padding", padding);
    return finish(d);
  }

  private static void setString(TF_OperationDescription d, String attr, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    try (BytePointer p = new BytePointer(bytes)) {
      TF_SetAttrString(d, attr, p, bytes.length);
    }
  }

  /** {@code x} with zeros before and after each dimension: {@code paddings[d] = {before, after}}. */
  Port pad(Port x, int[][] paddings) {
    int[] flat = new int[paddings.length * 2];
    for (int d = 0; d < paddings.length; d++) {
      flat[2 * d] = paddings[d][0];
      flat[2 * d + 1] = paddings[d][1];
    }
    return op("Pad", "pad", x, constant(flat, new long[] {paddings.length, 2}));
  }

  /** The elements of {@code x} at {@code indices}, int32 of shape {@code shape} (the last dimension indexes x). */
  Port gatherNd(Port x, int[] indices, long[] shape) {
    return op("GatherNd", "gather", x, constant(indices, shape));
  }

  Port transpose(Port x, int... permutation) {
    return op("Transpose", "transpose", x, vector(permutation));
  }

  /** {@code x} in {@code shape} (-1 once for the size that follows from the others). */
  Port reshape(Port x, int... shape) {
    return op("Reshape", "reshape", x, vector(shape));
  }

  /** A convolution of NHWC {@code x} with {@code filter}, stride 1, no padding. */
  Port conv(Port x, Port filter) {
    TF_OperationDescription d = TF_NewOperation(graph, "Conv2D", name("conv"));
    addInput(d, x);
    addInput(d, filter);
    TF_SetAttrIntList(d, "strides", new long[] {1, 1, 1, 1}, 4);
    setString(d, "padding", "VALID");
    return finish(d);
  }

  /** Each position's channels spread over a {@code block x block} square of positions (NHWC). */
  Port depthToSpace(Port x, int block) {
    TF_OperationDescription d = TF_NewOperation(graph, "DepthToSpace", name("depth_to_space"));
    addInput(d, x);
    TF_SetAttrInt(d, "block_size", block);
    return finish(d);
  }

  Port add(Port a, Port b) {
    return op("Add", "add", a, b);
  }

  Port rsqrt(Port x) {
    return op("Rsqrt", "rsqrt", x);
  }

  Port floats(float value) {
    try (TF_Tensor t = AbstractTF_Tensor.allocateTensor(TF_FLOAT, new long[0], Float.BYTES)) {
      new FloatPointer(TF_TensorData(t)).capacity(1).put(value);
      return constant(t, TF_FLOAT);
    }
  }

  /** An op whose attributes all follow from its inputs' types. */
  private Port op(String type, String what, Port... inputs) {
    TF_OperationDescription d = TF_NewOperation(graph, type, name(what));
    for (Port p : inputs) {
      addInput(d, p);
    }
    return finish(d);
  }

  /** An int32 constant: a scalar for one value, else a vector. */
  private Port ints(int... values) {
    return constant(values, values.length == 1 ? new long[0] : new long[] {values.length});
  }

  /** An int32 vector, also of one value (a shape or a permutation, which TensorFlow wants as a vector). */
  private Port vector(int... values) {
    return constant(values, new long[] {values.length});
  }

  private Port constant(int[] values, long[] shape) {
    try (TF_Tensor t = AbstractTF_Tensor.allocateTensor(TF_INT32, shape, (long) values.length * Integer.BYTES)) {
      new IntPointer(TF_TensorData(t)).capacity(values.length).put(values);
      return constant(t, TF_INT32);
    }
  }

  private Port constant(TF_Tensor value, int type) {
    TF_OperationDescription d = TF_NewOperation(graph, "Const", name("const"));
    try (TF_Status status = TF_Status.newStatus()) {
      TF_SetAttrTensor(d, "value", value, status); // copies the value
      status.throwExceptionIfNotOK();
    }
    TF_SetAttrType(d, "dtype", type);
    return finish(d);
  }

  private Port finish(TF_OperationDescription d) {
    try (TF_Status status = TF_Status.newStatus()) {
      TF_Operation op = TF_FinishOperation(d, status);
      status.throwExceptionIfNotOK();
      return new Port(op, 0);
    }
  }

  private String name(String what) {
    return PREFIX + what + "_" + names++;
  }

  private static void addInput(TF_OperationDescription d, Port p) {
    try (TF_Output o = output(p)) {
      TF_AddInput(d, o); // copied
    }
  }

  private static TF_Output output(Port p) {
    return new TF_Output(1).oper(p.op()).index(p.index());
  }
}
