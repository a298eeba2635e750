package org.convlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.convlens.explain.Explainer;
import org.convlens.explain.Heatmap;
import org.convlens.explain.Method;
import org.convlens.explain.SmoothGradSettings;
import org.convlens.export.NpyWriter;
import org.convlens.export.PngWriter;
import org.convlens.export.RunInfo;
import org.convlens.image.ImageLoader;
import org.convlens.image.ModelInput;
import org.convlens.image.Preprocessing;
import org.convlens.image.RgbImage;
import org.convlens.inference.ModelService;
import org.convlens.model.LayerConfig;
import org.convlens.model.Network;
import org.convlens.tensor.Tensor;
import org.convlens.viz.HeatOverlay;
import org.convlens.viz.Raster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes where in an image the evidence for a class lies: Grad-CAM, saliency or SmoothGrad. */
@Command(name = "gradcam", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Write a class map for IMAGE: gradcam.npy (float32, the layer's height x width, or the input's "
        + "for saliency, maximum 1) and gradcam.png (the map over the image, at the image's size; class, layer, "
        + "score and method in its text chunks).")
final class GradCamCommand implements Callable<Integer> {

  @Mixin ModelOptions model;
  @Mixin PreprocessOption preprocess;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "A PNG, JPEG, BMP or GIF file.")
  Path image;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the files (created if missing).")
  Path out;

  @Option(names = "--class", paramLabel = "N",
      description = "The class to explain, by index (ImageNet: 0-999). Default: the image's top class.")
  Integer classIndex;

  @Option(names = "--layer", paramLabel = "NAME",
      description = "Grad-CAM's layer, any convolutional one. Default: the last stage (conv_pw_13_relu for MobileNet).")
  String layer;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "gradcam",
      description = "gradcam (default), saliency (the input gradient's size) or smoothgrad (saliency averaged "
          + "over noisy copies).")
  String method;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "16",
      description = "SmoothGrad: noisy copies averaged (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--noise", paramLabel = "S", defaultValue = "0.15",
      description = "SmoothGrad: noise level as a fraction of the input range (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--opacity", paramLabel = "A", defaultValue = "0.7",
      description = "How much colour covers the hottest pixels of gradcam.png, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double opacity;

  private final CliContext context;

  GradCamCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Method chosen = method(method);
    if (layer != null && chosen != Method.GRADCAM) {
      throw new IllegalArgumentException("--layer chooses Grad-CAM's layer; " + chosen.id()
          + " always works on the input image: leave out --layer");
    }
    if (!(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("--opacity " + opacity + ": give a number from 0 to 1");
    }
    SmoothGradSettings smoothGrad = new SmoothGradSettings(samples, noise, 1);
    Network network = context.network(model.choice());
    Preprocessing mode = context.preprocessing(network.graph(), preprocess.mode);
    LayerConfig.Input in = (LayerConfig.Input) network.graph().input().config();
    if (in.channels() != 3) {
      throw new IllegalArgumentException("the model " + network.graph().name() + " takes " + in.channels()
          + "-channel input, not an RGB image");
    }
    RgbImage original = new ImageLoader().load(image);
    ModelInput input = ModelInput.prepare(original, in.height(), in.width(), mode);
    context.err().println("Computing " + chosen.id() + "...");
    context.err().flush();
    try (ModelService service = context.model(network); Explainer explainer = new Explainer(service, mode)) {
      Heatmap map = explainer.explain(chosen, input.tensor(), classIndex == null ? Explainer.TOP_CLASS : classIndex,
          layer, smoothGrad);
      Files.createDirectories(out);
      NpyWriter.write(out.resolve("gradcam.npy"), map.map());
      Raster overlay = HeatOverlay.render(Raster.ofRgb(original.width(), original.height(), original.pixels()),
          map.displayed(), HeatOverlay.DEFAULT_COLORMAP, opacity);
      String label = label(network, map.classIndex());
      PngWriter.write(out.resolve("gradcam.png"), overlay, text(network, mode, map, label, smoothGrad));
      context.out().println(out.resolve("gradcam.npy") + "  " + Tensor.formatShape(map.map().shape()));
      context.out().println(out.resolve("gradcam.png") + "  " + chosen.id() + " of class " + map.classIndex()
          + (label.isEmpty() ? "" : " (" + label + ")") + " at " + map.layer() + ", score " + map.score());
      if (network.origin().untrained()) {
        context.out().println("Note: UNTRAINED weights (" + network.origin().description() + ").");
      }
    }
    return 0;
  }

  private Map<String, String> text(Network network, Preprocessing mode, Heatmap map, String label,
      SmoothGradSettings smoothGrad) {
    Map<String, String> text = RunInfo.of(network.graph().name(), network.origin(), image, mode.id()).metadata();
    text.put("View", "Class map");
    text.put("Method", map.method().id());
    text.put("Class", map.classIndex() + (label.isEmpty() ? "" : " " + label));
    text.put("Layer", map.layer());
    text.put("Score", Float.toString(map.score()));
    text.put("Map shape", Tensor.formatShape(map.map().shape()));
    if (map.method() == Method.SMOOTHGRAD) {
      text.put("Samples", Integer.toString(smoothGrad.samples()));
      text.put("Noise", Double.toString(smoothGrad.noise()));
    }
    if (!map.displayNote().isEmpty()) {
      text.put("Display", map.displayNote() + " (gradcam.npy holds it unstretched)");
    }
    text.put("Colormap", HeatOverlay.DEFAULT_COLORMAP.description());
    text.put("Opacity", Double.toString(opacity));
    return text;
  }

  private String label(Network network, int index) {
    int[] shape = network.graph().outputShape(network.graph().outputLayer());
    return shape.length == 1 && shape[0] == context.classes().size() ? context.classes().label(index) : "";
  }

  private static Method method(String name) {
    for (Method m : Method.values()) {
      if (m.id().equals(name.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("--method " + name + ": give gradcam, saliency or smoothgrad");
  }
}
