package org.convlens.inference;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_AddGradientsWithPrefix;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_AddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FinishOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationOpType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.util.Pair;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_OperationDescription;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * Adds the few ops a gradient question needs to a graph that is already loaded (the SavedModel's graph DJL
 * holds), through TensorFlow's C API: TF Java's {@code Ops} only builds into graphs it created itself. A session
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
    TF_OperationDescription d = TF_NewOperation(graph, "Mul", name("mul"));
    addInput(d, a);
    addInput(d, b);
    return finish(d);
  }

  /** The sum over {@code axes}, which are dropped. */
  Port sum(Port x, int... axes) {
    return reduce("Sum", x, axes);
  }

  Port abs(Port x) {
    TF_OperationDescription d = TF_NewOperation(graph, "Abs", name("abs"));
    addInput(d, x);
    return finish(d);
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

  /** d y / d x, for a scalar {@code y}: TensorFlow's symbolic gradient ops, added to the graph. */
  Port gradient(Port y, Port x) {
    try (TF_Output ys = output(y); TF_Output xs = output(x); TF_Output dy = new TF_Output(1);
        TF_Status status = TF_Status.newStatus()) {
      TF_AddGradientsWithPrefix(graph, name("d"), ys, 1, xs, 1, null, status, dy);
      status.throwExceptionIfNotOK();
      return new Port(dy.oper(), dy.index());
    }
  }

  /** An int32 constant: a scalar for one value, else a vector. */
  private Port ints(int... values) {
    boolean scalar = values.length == 1;
    try (TF_Tensor t = AbstractTF_Tensor.allocateTensor(TF_INT32, scalar ? new long[0] : new long[] {values.length},
        (long) values.length * Integer.BYTES)) {
      new IntPointer(TF_TensorData(t)).capacity(values.length).put(values);
      return constant(t, TF_INT32);
    }
  }

  private Port floats(float value) {
    try (TF_Tensor t = AbstractTF_Tensor.allocateTensor(TF_FLOAT, new long[0], Float.BYTES)) {
      new FloatPointer(TF_TensorData(t)).capacity(1).put(value);
      return constant(t, TF_FLOAT);
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
