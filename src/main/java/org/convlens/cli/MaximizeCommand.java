package org.convlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.convlens.explain.Explainer;
import org.convlens.explain.MaximizeSettings;
import org.convlens.explain.Maximized;
import org.convlens.export.PngWriter;
import org.convlens.export.RunInfo;
import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.model.Network;
import org.convlens.model.weights.CancellationToken;
import org.convlens.viz.InputPictures;
import org.convlens.viz.Raster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes what excites channels of a layer: the input that gradient ascent finds for each, and a mosaic of them. */
@Command(name = "maximize", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Activation maximisation: for each channel, the input image that excites it most (gradient "
        + "ascent with jitter, blur and decay), written as <layer>-<channel>.png, and all of them as mosaic.png.")
final class MaximizeCommand implements Callable<Integer> {
  /** Dark grey between the tiles, as in the feature map mosaics. */
  private static final int GAP_COLOUR = 0xFF202020;

  @Mixin ModelOptions model;
  @Mixin PreprocessOption preprocess;

  @Option(names = "--layer", required = true, paramLabel = "NAME", description = "The layer whose channels are shown.")
  String layer;

  @Option(names = "--channels", paramLabel = "A-B", defaultValue = "0-15",
      description = "Channels: a range (0-15), a list (0,4,7) or one (3) (default: ${DEFAULT-VALUE}).")
  String channels;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the files (created if missing).")
  Path out;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "256",
      description = "Gradient steps per channel (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--objective", paramLabel = "WHAT", defaultValue = "channel",
      description = "channel: the channel's mean over the whole map (default); neuron: its unit at the centre.")
  String objective;

  private final CliContext context;

  MaximizeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    MaximizeSettings settings = settings();
    List<Integer> wanted = channels(channels);
    Network network = context.network(model.choice());
    network.graph().layer(layer);
    Preprocessing mode = context.preprocessing(network.graph(), preprocess.mode);
    String safe = layer.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    Files.createDirectories(out);
    List<Raster> tiles = new ArrayList<>();
    try (ModelService service = context.model(network); Explainer explainer = new Explainer(service, mode)) {
      for (int channel : wanted) {
        context.err().println("Maximising channel " + channel + " of " + layer + "...");
        context.err().flush();
        Maximized m = explainer.maximize(layer, channel, settings, Progress.NONE, new CancellationToken());
        Raster picture = InputPictures.stretched(m.image(), mode.bgr());
        Path file = out.resolve(safe + "-" + channel + ".png");
        Map<String, String> text = text(network, mode, settings);
        text.put("Channel", Integer.toString(channel));
        text.put("Objective value", Float.toString(m.objective()));
        PngWriter.write(file, picture, text);
        context.out().println(file + "  " + settings.objective().name().toLowerCase() + " " + m.objective());
        tiles.add(picture);
      }
    }
    Map<String, String> text = text(network, mode, settings);
    text.put("Channels", channels);
    Path mosaic = out.resolve("mosaic.png");
    PngWriter.write(mosaic, InputPictures.mosaic(tiles, 4, GAP_COLOUR), text);
    context.out().println(mosaic + "  " + tiles.size() + " channels");
    if (network.origin().untrained()) {
      context.out().println("Note: UNTRAINED weights (" + network.origin().description() + ").");
    }
    return 0;
  }

  private MaximizeSettings settings() {
    MaximizeSettings.Objective o = switch (objective.toLowerCase(java.util.Locale.ROOT)) {
      case "channel" -> MaximizeSettings.Objective.CHANNEL;
      case "neuron" -> MaximizeSettings.Objective.NEURON;
      default -> throw new IllegalArgumentException("--objective " + objective + ": give channel or neuron");
    };
    MaximizeSettings d = MaximizeSettings.DEFAULT;
    return new MaximizeSettings(o, steps, d.stepSize(), d.jitter(), d.blurEvery(), d.blurSigma(), d.decay(), d.seed());
  }

  private Map<String, String> text(Network network, Preprocessing mode, MaximizeSettings s) {
    Map<String, String> text = RunInfo.of(network.graph().name(), network.origin(), null, mode.id()).metadata();
    text.put("View", "Activation maximisation");
    text.put("Layer", layer);
    text.put("Objective", s.objective().name().toLowerCase(java.util.Locale.ROOT));
    text.put("Settings", "steps " + s.steps() + ", step size " + s.stepSize() + ", jitter " + s.jitter()
        + " px, blur sigma " + s.blurSigma() + " every " + s.blurEvery() + " steps, decay " + s.decay()
        + ", seed " + s.seed());
    return text;
  }

  /** "0-15", "0,4,7" or "3" as channel numbers, in order. */
  static List<Integer> channels(String spec) {
    List<Integer> list = new ArrayList<>();
    try {
      for (String part : spec.split(",")) {
        String p = part.strip();
        int dash = p.indexOf('-', 1);
        if (dash > 0) {
          int from = Integer.parseInt(p.substring(0, dash).strip());
          int to = Integer.parseInt(p.substring(dash + 1).strip());
          if (from < 0 || to < from || to - from >= 4096) {
            throw new NumberFormatException();
          }
          for (int c = from; c <= to; c++) {
            list.add(c);
          }
        } else {
          int c = Integer.parseInt(p);
          if (c < 0) {
            throw new NumberFormatException();
          }
          list.add(c);
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--channels " + spec + ": give a range such as 0-15, a list such as "
          + "0,4,7, or one channel, counting from 0");
    }
    return list;
  }
}
