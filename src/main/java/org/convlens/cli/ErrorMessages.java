package org.convlens.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.convlens.Diagnostics;
import org.convlens.pipeline.BundledModel;
import org.convlens.pipeline.WeightsNotFoundException;

/** One readable line for an exception: our own exceptions already say what, where and what to do. */
final class ErrorMessages {
  private ErrorMessages() {}

  /**
   * What a command was doing, for a bug's message: "ConvLens could not export the views (internal error; ...)".
   */
  static String doing(String command) {
    return switch (command) {
      case "summary" -> "summarise the model";
      case "predict" -> "predict the classes";
      case "activations" -> "save the activations";
      case "export" -> "export the views";
      case "download" -> "download the weights";
      case "gradcam" -> "make the Grad-CAM heatmaps";
      case "maximize" -> "maximise the activation";
      case "bench" -> "run the benchmark";
      default -> "run 'convlens " + command + "'";
    };
  }

  /** @param doing what could not be done, named in a bug's message: "export the views", "process cat.png" */
  static String describe(String doing, Throwable e) {
    if (e instanceof WeightsNotFoundException w) {
      return w.notFound().message("download them with 'convlens download' (103 MB)")
          + "; or run offline with " + BundledModel.DESCRIPTION + ": --model mobilenet";
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile() + (a.getReason() == null ? "" : " (" + a.getReason() + ")");
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      if (f.getReason().startsWith("cannot ") || f.getFile() == null) {
        return f.getReason() + (f.getFile() == null ? "" : ": " + f.getFile());
      }
      // The system's own words ("Read-only file system"): say what could not be done and what to do.
      return "cannot write to " + f.getFile() + ": " + f.getReason().toLowerCase(java.util.Locale.ROOT)
          + "; choose another folder with --out, or free some space";
    }
    String message = e.getMessage();
    return Diagnostics.isInternal(e) || message == null || message.isBlank()
        ? Diagnostics.internalError(doing) : message;
  }
}
