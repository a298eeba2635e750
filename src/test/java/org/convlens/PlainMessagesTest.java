package org.convlens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.convlens.image.ImageFuzzTest;
import org.convlens.model.keras.BadWeightsFiles;
import org.convlens.model.keras.KerasFormatException;
import org.convlens.model.keras.KerasWeightsReader;
import org.convlens.pipeline.AppDirs;
import org.convlens.testing.HostileCorpus;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 1: every message the image fuzzing, the hostile corpus and the bad weights files produce is for
 * people: no Java class name, no 'Exception' or 'Error:', no bare null, no raw text of the exception behind it.
 * The cases come from the suites' own helpers ({@link ImageFuzzTest#run}, {@link HostileCorpus#refuse},
 * {@link BadWeightsFiles#all}), so nothing is copied.
 */
class PlainMessagesTest {
  /** Fewer than the fuzz suite's own run: the kinds of damage repeat every eight cases. */
  private static final int FUZZ_CASES = Integer.getInteger("convlens.messages.fuzzCases", 200);

  @TempDir Path temp;

  @Test
  void theScanCatchesWhatPeopleOnceRead() {
    // The two messages of the issue, and the shapes of a stack trace and of an exception's own words.
    NullPointerException npe = new NullPointerException("Cannot invoke \"com.google.gson.JsonElement"
        + ".getAsString()\" because the return value of \"com.google.gson.JsonObject.get(String)\" is null");
    assertFalse(UserMessages.problems(npe.getMessage()).isEmpty());
    assertFalse(UserMessages.problems("error: integer overflow",
        new IllegalStateException("x", new ArithmeticException("integer overflow"))).isEmpty());
    assertFalse(UserMessages.problems("cannot read x (java.io.EOFException)").isEmpty());
    assertFalse(UserMessages.problems("Error: something").isEmpty());
    assertFalse(UserMessages.problems("the value is null").isEmpty());
    assertFalse(UserMessages.problems("damaged (Inflating failed)",
        new RuntimeException("x", new RuntimeException("Inflating failed"))).isEmpty());
    assertEquals(List.of(), UserMessages.problems("/tmp/a.h5: the file is truncated: it has 6200 bytes but its "
        + "HDF5 header says 12400. The download or copy was interrupted; download the weights again."));
    assertEquals(List.of(), UserMessages.problems(Diagnostics.internalError("open cat.png")));
  }

  @Test
  void everyMessageOfTheFuzzTheHostileCorpusAndTheBadFilesIsForPeople() throws Exception {
    List<String> problems = new ArrayList<>();
    int scanned = 0;

    ImageFuzzTest.Result fuzz = ImageFuzzTest.run(FUZZ_CASES, 20261130L);
    for (ImageFuzzTest.Refusal r : fuzz.refusals()) {
      scanned++;
      UserMessages.problems(r.exception().getMessage(), r.exception()).forEach(p -> problems.add(r.label() + ": " + p
          + ": " + r.exception().getMessage()));
    }
    assertTrue(fuzz.refusals().size() > FUZZ_CASES / 4, "the fuzzing refused " + fuzz.refusals().size());

    AppDirs dirs = new AppDirs(temp.resolve("config"), temp.resolve("cache"));
    try (Stream<Path> corpus = Files.list(HostileCorpus.FOLDER)) {
      for (Path file : corpus.filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList()) {
        for (HostileCorpus.Refusal r : HostileCorpus.refuse(file.toAbsolutePath(), dirs)) {
          scanned++;
          UserMessages.problems(r.message(), r.exception()).forEach(p -> problems.add(file.getFileName() + " via "
              + r.entryPoint() + ": " + p + ": " + r.message()));
        }
      }
    }

    Path bad = Files.createDirectories(temp.resolve("bad"));
    for (Map.Entry<String, Path> e : BadWeightsFiles.all(bad).entrySet()) {
      scanned++;
      KerasFormatException refused = assertThrows(KerasFormatException.class,
          () -> KerasWeightsReader.read(e.getValue()), e.getKey());
      UserMessages.problems(refused.getMessage(), refused).forEach(p -> problems.add(e.getKey() + ": " + p + ": "
          + refused.getMessage()));
    }

    System.out.println("plain messages: " + scanned + " scanned, " + problems.size() + " not for people");
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void aBugInTheReaderBecomesTheInternalErrorSentenceOnTheCommandLine() throws IOException {
    // A file the reader cannot even be asked about: a name with a NUL. What people read names the log.
    java.io.StringWriter err = new java.io.StringWriter();
    int code = org.convlens.cli.Cli.run(new String[] {"summary", "--model", "bad\u0000name.h5"},
        new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err),
        new AppDirs(temp.resolve("config"), temp.resolve("cache")),
        new org.convlens.model.weights.WeightsLocator(List.of(temp.resolve("none"))));
    assertTrue(code != 0);
    UserMessages.assertPlain(err.toString().strip(), null);
  }
}
