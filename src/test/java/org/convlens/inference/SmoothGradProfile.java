package org.convlens.inference;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewBufferFromString;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionRun;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.model.Network;
import org.convlens.pipeline.ModelLoader;
import org.convlens.pipeline.NetworkLoader;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestFiles;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;

/**
 * Where one SmoothGrad session run of the bundled MobileNet spends its time: TensorFlow's own step stats (a run with
 * {@code trace_level FULL_TRACE}), summed per op type and split into the forward pass and the gradient ops, at
 * several noisy copies per run (TensorFlow's figures under FULL_TRACE, inflated by the tracing and by any other load:
 * read them as shares, not times; the per-node figures of the first trace go to /tmp/mbgrad-profile-N.tsv). Not a
 * test: run with {@code mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=SmoothGradProfile}.
 */
@Tag("benchmark")
class SmoothGradProfile {

  @Test
  void profile() throws Exception {
    Network mobileNet = NetworkLoader.fromFile(TestFiles.mobileNet());
    Tensor input = ModelInput.prepare(new ImageLoader().load(Path.of("sample-images", "chelsea.png")), 224,
        Preprocessing.TF).tensor();
    try (ModelService service = new ModelLoader(TestModels.dirs(), null).open(mobileNet, Progress.NONE)) {
      NetworkGradients gradients = service.gradients();
      for (int copies : new int[] {1, 8, 16, 32}) {
        Tensor noisy = noisy(input, copies);
        for (int i = 0; i < 5; i++) {
          gradients.saliencySum(noisy, 285); // adds the ops, then warms the shapes
        }
        List<StepStats> traces = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          traces.add(traced(service, gradients, noisy, 285));
        }
        report(copies, traces);
      }
    }
  }

  /**
   * Wall time of one saliency-sum run (-Dmbgrad.copies, 16 by default), the cheaper gradient ops against
   * TensorFlow's as built and as many forward passes, alternating, -Dmbgrad.rounds rounds.
   */
  @Test
  void compare() throws Exception {
    Network mobileNet = NetworkLoader.fromFile(TestFiles.mobileNet());
    Tensor input = ModelInput.prepare(new ImageLoader().load(Path.of("sample-images", "chelsea.png")), 224,
        Preprocessing.TF).tensor();
    int copies = Integer.getInteger("mbgrad.copies", 16);
    try (ModelService service = new ModelLoader(TestModels.dirs(), null).open(mobileNet, Progress.NONE)) {
      NetworkGradients cheaper = service.gradients();
      NetworkGradients asBuilt = cheaper.asBuiltByTensorFlow();
      Tensor noisy = noisy(input, copies);
      String output = service.network().graph().outputLayer();
      for (int i = 0; i < 3; i++) {
        cheaper.saliencySum(noisy, 285);
        asBuilt.saliencySum(noisy, 285);
        service.run(input, List.of(output));
      }
      int rounds = Integer.getInteger("mbgrad.rounds", 10);
      double[][] ms = new double[3][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 3; k++) {
          int j = r % 2 == 0 ? k : 2 - k;
          long t0 = System.nanoTime();
          if (j == 0) {
            asBuilt.saliencySum(noisy, 285);
          } else if (j == 1) {
            cheaper.saliencySum(noisy, 285);
          } else {
            for (int f = 0; f < copies; f++) {
              service.run(input, List.of(output));
            }
          }
          ms[j][r] = (System.nanoTime() - t0) / 1e6;
        }
      }
      String[] names = {"as built", "cheaper", copies + " forwards"};
      for (int k = 0; k < 3; k++) {
        java.util.Arrays.sort(ms[k]);
        System.out.printf("COMPARE %d copies %-12s median %7.1f ms min %7.1f ms%n", copies, names[k],
            ms[k][rounds / 2], ms[k][0]);
      }
      System.out.println("COMPARE load " + Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }

  private static Tensor noisy(Tensor input, int n) {
    SplittableRandom random = new SplittableRandom(1);
    float[] data = new float[n * input.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = input.data()[i % input.size()] + (float) (random.nextGaussian() * 0.3);
    }
    return Tensor.of(data, n, input.dim(1), input.dim(2), input.dim(3));
  }

  /** One saliency-sum run, as NetworkGradients makes it, with a full trace. */
  private static StepStats traced(ModelService service, NetworkGradients gradients, Tensor x, int cls)
      throws Exception {
    GraphOps.Port in = (GraphOps.Port) field(gradients, "input");
    GraphOps.Port sum = (GraphOps.Port) field(gradients, "saliencySum");
    @SuppressWarnings("unchecked")
    Map<String, Object> classOps = (Map<String, Object>) field(gradients, "classOps");
    Object q = classOps.get(service.network().graph().input().name());
    Method classes = q.getClass().getDeclaredMethod("classes");
    classes.setAccessible(true);
    GraphOps.Port choice = (GraphOps.Port) classes.invoke(q);
    TF_Session session = (TF_Session) field(gradients, "session");
    byte[] options = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build().toByteArray();
    int[] chosen = new int[x.dim(0)];
    java.util.Arrays.fill(chosen, cls);
    try (TF_Tensor xt = LayerFetcher.toTensor(x);
        TF_Tensor ct = intTensor(chosen);
        BytePointer optionBytes = new BytePointer(options);
        TF_Status status = TF_Status.newStatus();
        TF_Output feeds = new TF_Output(2);
        TF_Output fetches = new TF_Output(1);
        PointerPointer<TF_Tensor> feedValues = new PointerPointer<>(xt, ct);
        PointerPointer<TF_Tensor> fetchValues = new PointerPointer<>(1)) {
      feeds.position(0).oper(in.op()).index(in.index());
      feeds.position(1).oper(choice.op()).index(choice.index());
      feeds.position(0);
      fetches.oper(sum.op()).index(sum.index());
      TF_Buffer runOptions = TF_NewBufferFromString(optionBytes, options.length);
      TF_Buffer metadata = TF_NewBuffer();
      try {
        TF_SessionRun(session, runOptions, feeds, feedValues, 2, fetches, fetchValues, 1, null, 0, metadata, status);
        status.throwExceptionIfNotOK();
        new TF_Tensor(fetchValues.get(0)).close();
        byte[] bytes = new byte[(int) metadata.length()];
        new BytePointer(metadata.data()).capacity(bytes.length).get(bytes);
        return RunMetadata.parseFrom(bytes).getStepStats();
      } finally {
        TF_DeleteBuffer(runOptions);
        TF_DeleteBuffer(metadata);
      }
    }
  }

  private static TF_Tensor intTensor(int[] values) {
    TF_Tensor t = org.tensorflow.internal.c_api.AbstractTF_Tensor.allocateTensor(
        org.tensorflow.internal.c_api.global.tensorflow.TF_INT32, new long[] {values.length},
        (long) values.length * Integer.BYTES);
    new org.bytedeco.javacpp.IntPointer(org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData(t))
        .capacity(values.length).put(values);
    return t;
  }

  private static Object field(Object o, String name) throws Exception {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  /** Per op type: the median over the traces of its summed op time; forward and gradient ops apart. */
  private static void report(int copies, List<StepStats> traces) throws Exception {
    Map<String, List<Double>> byType = new TreeMap<>();
    List<Double> wall = new ArrayList<>();
    List<Double> fwd = new ArrayList<>();
    List<Double> bwd = new ArrayList<>();
    StringBuilder dump = new StringBuilder();
    for (StepStats stats : traces) {
      Map<String, Double> sums = new TreeMap<>();
      long first = Long.MAX_VALUE;
      long last = 0;
      double f = 0;
      double b = 0;
      for (var device : stats.getDevStatsList()) {
        for (NodeExecStats n : device.getNodeStatsList()) {
          if (n.getAllStartMicros() == 0) {
            continue;
          }
          first = Math.min(first, n.getAllStartMicros());
          last = Math.max(last, n.getAllStartMicros() + n.getAllEndRelMicros());
          String type = n.getTimelineLabel().contains("=") ? n.getTimelineLabel().replaceAll(".*= ([A-Za-z0-9_]+)\\(.*", "$1")
              : n.getNodeName();
          // The gradient ops, the cheaper ones replacing some of them and the saliency's reduction.
          boolean backward = n.getNodeName().startsWith("convlens_gradients/");
          String key = (backward ? "bwd " : "fwd ") + type;
          double ms = n.getOpEndRelMicros() / 1000.0;
          sums.merge(key, ms, Double::sum);
          if (backward) {
            b += ms;
          } else {
            f += ms;
          }
          if (traces.indexOf(stats) == 0) {
            dump.append(device.getDevice()).append('\t').append(n.getNodeName()).append('\t')
                .append(n.getTimelineLabel()).append('\t').append(n.getOpEndRelMicros()).append('\n');
          }
        }
      }
      wall.add((last - first) / 1000.0);
      fwd.add(f);
      bwd.add(b);
      sums.forEach((k, v) -> byType.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    Files.writeString(Path.of("/tmp/mbgrad-profile-" + copies + ".tsv"), dump);
    System.out.printf("PROFILE %d copies a run: wall %.1f ms, op time forward %.1f ms, gradient %.1f ms (median of"
        + " 5 traced runs)%n", copies,
        median(wall), median(fwd), median(bwd));
    byType.entrySet().stream()
        .sorted((a, b) -> Double.compare(median(b.getValue()), median(a.getValue())))
        .limit(20)
        .forEach(e -> System.out.printf("PROFILE   %-50s %8.2f ms%n", e.getKey(), median(e.getValue())));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
