package org.convlens.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphNextOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationName;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.convlens.model.ActivationFunction;
import org.convlens.model.Convolutions;
import org.convlens.model.CoreLayers;
import org.convlens.model.Layer;
import org.convlens.model.LayerConfig;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.Pooling;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.ModelLoader;
import org.convlens.tensor.Tensor;
import org.convlens.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;

/**
 * Gradients run in the loaded model's own graph and session: no second graph (with a second copy of the weights)
 * is built for them, and repeated questions neither grow the graph nor leak native tensors.
 */
class ModelGradientsTest {
  private static final int SIZE = 256;

  @Test
  void gradientOpsJoinTheModelsOwnGraphOncePerQuestion() throws Exception {
    try (ModelService model = open()) {
      Tensor x = image(1);
      assertEquals(0, gradientOps(model.graph()), "nothing added before the first question");
      model.gradients().classGradient(x, NetworkGradients.TOP_CLASS, "conv");
      int classOps = gradientOps(model.graph());
      assertTrue(classOps > 0, "the backward ops are in the model's graph");
      model.gradients().classGradient(x, 3, "conv");
      model.gradients().classGradient(image(2), NetworkGradients.TOP_CLASS, "conv");
      assertEquals(classOps, gradientOps(model.graph()), "the same question reuses its ops");
      model.gradients().objectiveGradient(x, "conv", Tensor.zeros(SIZE / 4, SIZE / 4, 8));
      assertTrue(gradientOps(model.graph()) > classOps, "a new kind of question adds its own");
    }
  }

  @Test
  void onlyTheExporterBuildsATensorFlowGraph() {
    // The network becomes a graph once, in the SavedModel; a second graph (and a second copy of the weights, as
    // constants) for the gradients is what this guards against.
    ArchRuleDefinition.noClasses().that().doNotHaveSimpleName("SavedModelExporter")
        .should().callConstructor(org.tensorflow.Graph.class)
        .orShould().callConstructor(org.tensorflow.Session.class, org.tensorflow.Graph.class)
        .orShould().callConstructor(org.tensorflow.Session.class, org.tensorflow.Graph.class,
            org.tensorflow.proto.ConfigProto.class)
        .orShould().dependOnClassesThat().haveSimpleName("TfGraphBuilder")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.convlens"));
  }

  @Test
  void everyQuestionFreesItsNativeTensorsBeforeReturning() throws Exception {
    try (ModelService model = open()) {
      Tensor x = image(3);
      NetworkGradients gradients = model.gradients();
      Tensor weights = Tensor.zeros(SIZE / 4, SIZE / 4, 8);
      List<ThrowingRun> questions = List.of(
          () -> gradients.classGradient(x, NetworkGradients.TOP_CLASS, "input_1"),
          () -> gradients.classGradient(x, 7, "conv"),
          () -> gradients.objectiveGradient(x, "conv", weights),
          () -> gradients.classScores(x, NetworkGradients.TOP_CLASS),
          () -> gradients.saliencySum(x, 7));
      for (ThrowingRun q : questions) {
        q.run(); // the first of each kind adds its ops to the graph
      }
      // JavaCPP counts the native objects it will free; one a question forgot to close stays counted (until a
      // garbage collection, which can only lower the count).
      for (int i = 0; i < 30; i++) {
        for (ThrowingRun q : questions) {
          long before = Pointer.totalCount();
          q.run();
          assertTrue(Pointer.totalCount() <= before, (Pointer.totalCount() - before) + " native objects left behind");
        }
      }
    }
  }

  private interface ThrowingRun {
    void run() throws Exception;
  }

  @Test
  void aClosedModelRefusesQuestions() throws Exception {
    ModelService model = open();
    NetworkGradients gradients = model.gradients();
    model.close();
    assertThrows(IllegalStateException.class,
        () -> gradients.classGradient(image(4), NetworkGradients.TOP_CLASS, "conv"));
  }

  private static ModelService open() throws Exception {
    LayerGraph g = new LayerGraph("gradients-probe", List.of(
        new Layer("input_1", new LayerConfig.Input(SIZE, SIZE, 3), List.of()),
        new Layer("conv", new Convolutions.Conv2D(8, 3, 3, 4, LayerConfig.Padding.SAME, true), List.of("input_1")),
        new Layer("gap", new Pooling.GlobalAveragePooling2D(false), List.of("conv")),
        new Layer("predictions", new CoreLayers.Dense(10, ActivationFunction.SOFTMAX), List.of("gap"))));
    Network network = Network.bind(g, UntrainedWeights.generate(g, 5), WeightsOrigin.untrained(5));
    return new ModelLoader(TestModels.dirs(), null).open(network, Progress.NONE);
  }

  private static Tensor image(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[SIZE * SIZE * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return Tensor.of(v, 1, SIZE, SIZE, 3);
  }

  /** How many ops of the graph were added for gradients (they carry GraphOps' name prefix). */
  private static int gradientOps(TF_Graph graph) {
    int count = 0;
    try (SizeTPointer position = new SizeTPointer(1).put(0)) {
      for (TF_Operation op; (op = TF_GraphNextOperation(graph, position)) != null; ) {
        if (TF_OperationName(op).getString().startsWith("convlens_gradients/")) {
          count++;
        }
      }
    }
    return count;
  }
}
