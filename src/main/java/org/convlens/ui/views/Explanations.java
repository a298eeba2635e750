package org.convlens.ui.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.convlens.explain.Explainer;
import org.convlens.explain.MaximizeSettings;
import org.convlens.explain.Maximized;
import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelLoadException;
import org.convlens.inference.ModelService;
import org.convlens.inference.Progress;
import org.convlens.model.weights.CancellationToken;
import org.convlens.model.LayerGraph;
import org.convlens.model.Network;
import org.convlens.model.UntrainedWeights;
import org.convlens.model.WeightsOrigin;
import org.convlens.pipeline.Analyzer;
import org.convlens.ui.MainViewModel;
import org.convlens.ui.tasks.TaskRunner;
import org.convlens.viz.InputPictures;
import org.convlens.viz.Raster;

/**
 * The explainer of the model shown, shared by the views that ask why (Explain) and what a channel wants to see
 * (Feature maps): made at the first question, closed when the model or its preprocessing changes (in the
 * background, as the previous model is; at once when the window closes the model). Maximisation results are kept
 * for the session, per (model, layer, channel, settings).
 *
 * <p>Use on the JavaFX thread, except {@link #maximize}, which background work calls.
 */
public final class Explanations {
  /** How many channels "what this layer's channels want to see" shows. */
  public static final int LAYER_CHANNELS = 16;
  private static final int MOSAIC_GAP = 4;
  private static final int MOSAIC_BACKGROUND = 0xFF303030;

  private final MainViewModel vm;
  private final TaskRunner tasks;
  /** Results of the current explainer; background work adds to it, a model change empties it. */
  private final Map<Key, Maximized> maximized = new ConcurrentHashMap<>();
  private Explainer explainer;
  private UntrainedTwin untrained;
  private MaximizeSettings settings = MaximizeSettings.DEFAULT;

  private record Key(Explainer explainer, String layer, int channel, MaximizeSettings settings) {}

  /** A picture of what excites one or more channels, with what it shows. */
  public record Excited(String layer, List<Integer> channels, MaximizeSettings settings, Raster raster) {}

  public Explanations(MainViewModel vm, TaskRunner tasks) {
    this.vm = Objects.requireNonNull(vm, "vm");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    vm.analyzerProperty().addListener((obs, old, now) -> {
      if (now == null || old == null || now.model() != old.model() || now.preprocessing() != old.preprocessing()) {
        release(now == null);
      }
    });
  }

  /** The explainer for the model shown; null before a model is loaded. */
  public Explainer explainer() {
    Analyzer a = vm.getAnalyzer();
    if (a == null) {
      return null;
    }
    if (explainer == null) {
      explainer = new Explainer(a.model(), a.preprocessing());
    }
    return explainer;
  }

  /**
   * The model shown with untrained weights ({@link #UNTRAINED_SEED}), for the trained-vs-untrained comparison;
   * null before a model is loaded. Cheap to get: its weights and graph are made by its first use, in the
   * background.
   */
  public UntrainedTwin untrained() {
    Analyzer a = vm.getAnalyzer();
    if (a == null) {
      return null;
    }
    if (untrained == null) {
      untrained = new UntrainedTwin(a.model(), a.preprocessing());
    }
    return untrained;
  }

  /** The seed of the untrained weights compared with the trained ones. */
  public static final long UNTRAINED_SEED = 42;

  /**
   * The same architecture with random weights, loaded as a model of its own (from the same SavedModel cache, so
   * later sessions reuse it), and an explainer over it that gives its activations.
   */
  public static final class UntrainedTwin implements AutoCloseable {
    private final ModelService trained;
    private final Preprocessing mode;
    private ModelService model;
    private Explainer explainer;
    private boolean closed;

    UntrainedTwin(ModelService trained, Preprocessing mode) {
      this.trained = trained;
      this.mode = mode;
    }

    /**
     * Made at the first call (random weights for every parameter, and a SavedModel the first time: seconds for
     * ResNet50V2); blocks.
     */
    public synchronized Explainer explainer() throws ModelLoadException {
      if (closed) {
        throw new IllegalStateException("the untrained copy of " + trained.network().graph().name() + " is closed");
      }
      if (explainer == null) {
        LayerGraph graph = trained.network().graph();
        Network random = Network.bind(graph, UntrainedWeights.generate(graph, UNTRAINED_SEED),
            WeightsOrigin.untrained(UNTRAINED_SEED));
        model = trained.openOther(random, Progress.NONE);
        explainer = new Explainer(model, mode);
      }
      return explainer;
    }

    @Override
    public synchronized void close() {
      closed = true;
      if (explainer != null) {
        explainer.close();
        model.close();
      }
    }
  }

  /** How the model shown scales its inputs (optimised pictures are in that scale). */
  Preprocessing preprocessing() {
    Analyzer a = vm.getAnalyzer();
    return a == null ? Preprocessing.TF : a.preprocessing();
  }

  public MaximizeSettings maximizeSettings() {
    return settings;
  }

  /** The settings of later maximisations (fewer steps are faster, less clear). */
  public void setMaximizeSettings(MaximizeSettings s) {
    settings = Objects.requireNonNull(s, "settings");
  }

  /**
   * Work that finds what excites {@code channels} of {@code layer} in the model shown: each channel's optimised
   * input, as one picture or a mosaic, from the session's cache where it can. Made on the JavaFX thread, run on
   * the pool; it stops (with a CancellationException) when cancelled. Null before a model is loaded.
   */
  public TaskRunner.Work<Excited> maximizeWork(String layer, List<Integer> channels) {
    Explainer ex = explainer();
    if (ex == null) {
      return null;
    }
    MaximizeSettings s = settings;
    boolean bgr = preprocessing().bgr();
    return sink -> {
      CancellationToken cancel = new CancellationToken();
      List<Raster> tiles = new ArrayList<>();
      for (int i = 0; i < channels.size(); i++) {
        int channel = channels.get(i);
        int done = i;
        Progress progress = (message, fraction) -> {
          sink.update("What excites " + layer + " channel " + channel, (done + Math.max(0, fraction)) / channels.size());
          if (sink.isCancelled()) {
            cancel.cancel();
          }
        };
        Key key = new Key(ex, layer, channel, s);
        Maximized m = maximized.get(key);
        if (m == null) {
          cancel.throwIfCancelled();
          m = ex.maximize(layer, channel, s, progress, cancel);
          maximized.put(key, m);
        }
        tiles.add(InputPictures.stretched(m.image(), bgr));
      }
      Raster raster = tiles.size() == 1 ? tiles.get(0) : InputPictures.mosaic(tiles, MOSAIC_GAP, MOSAIC_BACKGROUND);
      return new Excited(layer, List.copyOf(channels), s, raster);
    };
  }

  /** Maximisations kept so far; for tests. */
  int cachedCount() {
    return maximized.size();
  }

  /** Drops the explainer and its results; closes it at once when the model is gone, else in the background. */
  private void release(boolean now) {
    List<AutoCloseable> old = new ArrayList<>();
    if (explainer != null) {
      old.add(explainer);
    }
    if (untrained != null) {
      old.add(untrained);
    }
    explainer = null;
    untrained = null;
    maximized.clear();
    if (old.isEmpty()) {
      return;
    }
    if (now) {
      closeAll(old);
    } else {
      // close() waits for a gradient still being computed, so not on the JavaFX thread.
      tasks.submit("Closing the previous explainer", p -> {
        closeAll(old);
        return null;
      }, ignored -> { }, error -> { });
    }
  }

  private static void closeAll(List<AutoCloseable> all) throws RuntimeException {
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not close " + c + ": " + e.getMessage(), e);
      }
    }
  }
}
