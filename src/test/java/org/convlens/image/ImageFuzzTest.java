package org.convlens.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.convlens.testing.UserMessages;
import org.junit.jupiter.api.Test;

/**
 * Feeds the loader the app uses thousands of damaged variants of the sample images: bit flips, truncations,
 * changed header fields (PNG size, bit depth, colour type and chunk lengths; JPEG markers and frame size; EXIF
 * orientation values; ICC profile bytes). Each must load or be refused with our own clear message, never throw
 * anything else, never take over 2 s, and never allocate more than the pixel limit allows.
 *
 * <p>Seeded, so a failure names the case that reproduces it. {@code -Dconvlens.fuzz.cases=N} sets the number of
 * cases (default 400, quick enough for every run; 2,000 and more on purpose).
 */
public class ImageFuzzTest {
  private static final int CASES = Integer.getInteger("convlens.fuzz.cases", 400);
  private static final long SEED = Long.getLong("convlens.fuzz.seed", 20261130L);
  private static final List<String> SAMPLES = List.of("chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg");

  public enum Kind { BIT_FLIPS, TRUNCATION, PNG_HEADER, PNG_CHUNK_LENGTH, JPEG_MARKER, JPEG_FRAME_SIZE, EXIF_ORIENTATION,
    ICC_PROFILE }

  @Test
  void everyDamagedVariantLoadsOrIsRefusedClearlyInTimeAndWithinTheMemoryLimit() throws Exception {
    Result result = run(CASES, SEED);
    StringBuilder report = new StringBuilder("image fuzzing, " + CASES + " cases, seed " + SEED + ":");
    result.outcomes().forEach((k, v) -> report.append("\n  ").append(k).append(": ").append(v[0])
        .append(" loaded, ").append(v[1]).append(" refused"));
    report.append("\n  most allocated by one case: ").append(result.maxAllocated() / 1_000_000).append(" MB");
    System.out.println(report);
    assertTrue(result.problems().isEmpty(), String.join("\n", result.problems()));
    assertTrue(result.outcomes().size() == Kind.values().length,
        "every kind of damage was tried: " + result.outcomes().keySet());
  }

  /** One refused variant: which case, and what the loader said. */
  public record Refusal(String label, ImageLoadException exception) {}

  /**
   * A fuzzing run: loaded and refused counts by kind, the problems found (too slow, too much memory, another
   * exception, a message not for people), every refusal, and the most one case allocated.
   */
  public record Result(Map<Kind, int[]> outcomes, List<String> problems, List<Refusal> refusals,
      long maxAllocated) {}

  private record Outcome(boolean loaded, long allocated, ImageLoadException refused) {}

  /** Loads {@code cases} damaged variants made from {@code seed}; each has 2 s on its own thread. */
  public static Result run(int cases, long seed) throws java.io.IOException, InterruptedException {
    Map<String, byte[]> originals = new java.util.LinkedHashMap<>();
    for (String name : SAMPLES) {
      originals.put(name, Files.readAllBytes(Path.of("sample-images", name)));
    }
    ImageLoader loader = new ImageLoader();
    Random random = new Random(seed);
    Map<Kind, int[]> outcomes = new EnumMap<>(Kind.class); // [loaded, refused]
    List<String> problems = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    long maxAllocated = 0;
    // The largest image the limits let through costs 4 bytes a pixel as decoded and 4 more as our RGB copy; with
    // the readers' own buffers, 16 bytes a pixel. More than that was allocated from a size a file merely claimed.
    long allocationLimit = 16L * ImageLimits.DEFAULT.maxPixels();
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-decoder");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < cases; i++) {
        Kind kind = Kind.values()[i % Kind.values().length];
        String sample = sampleFor(kind, random);
        byte[] variant = mutate(kind, originals.get(sample), random);
        String label = "case " + i + " (" + kind + " of " + sample + ", seed " + seed + ")";
        Future<Outcome> result = worker.submit(() -> {
          long id = Thread.currentThread().getId();
          long before = threads.getThreadAllocatedBytes(id);
          try {
            RgbImage image = loader.load(variant, sample);
            return new Outcome(image.width() > 0 && image.height() > 0, threads.getThreadAllocatedBytes(id) - before,
                null);
          } catch (ImageLoadException e) {
            return new Outcome(false, threads.getThreadAllocatedBytes(id) - before, e);
          }
        });
        Outcome r;
        try {
          r = result.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          problems.add(label + " took over 2 s");
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          problems.add(label + ": " + e.getCause());
          continue;
        }
        if (r.refused() != null) {
          refusals.add(new Refusal(label, r.refused()));
          List<String> wrong = new ArrayList<>(UserMessages.problems(r.refused().getMessage(), r.refused()));
          if (!r.refused().getMessage().contains(sample)) {
            wrong.add("the file is not named");
          }
          wrong.forEach(w -> problems.add(label + ": " + w + ": " + r.refused().getMessage()));
        }
        outcomes.computeIfAbsent(kind, k -> new int[2])[r.loaded() ? 0 : 1]++;
        maxAllocated = Math.max(maxAllocated, r.allocated());
        if (r.allocated() > allocationLimit) {
          problems.add(label + " allocated " + r.allocated() + " bytes");
        }
      }
    } finally {
      worker.shutdownNow();
    }
    return new Result(outcomes, problems, refusals, maxAllocated);
  }

  /** A sample in the format {@code kind} damages: PNG header kinds take a PNG, JPEG kinds the JPEG. */
  private static String sampleFor(Kind kind, Random random) {
    return switch (kind) {
      case PNG_HEADER, PNG_CHUNK_LENGTH -> SAMPLES.get(random.nextInt(3));
      case JPEG_MARKER, JPEG_FRAME_SIZE, EXIF_ORIENTATION, ICC_PROFILE -> "rocket.jpg";
      default -> SAMPLES.get(random.nextInt(SAMPLES.size()));
    };
  }

  /** One damaged copy of {@code original}; null when {@code kind} does not apply to its format. */
  static byte[] mutate(Kind kind, byte[] original, Random random) {
    byte[] b = original.clone();
    boolean png = b[0] == (byte) 0x89 && b[1] == 'P';
    switch (kind) {
      case BIT_FLIPS -> {
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
          int at = random.nextInt(b.length);
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      case TRUNCATION -> {
        return java.util.Arrays.copyOf(b, random.nextInt(b.length));
      }
      case PNG_HEADER -> {
        if (!png) {
          return null;
        }
        // IHDR data starts at 16: width (4), height (4), bit depth, colour type, compression, filter, interlace.
        int field = random.nextInt(7);
        int at = field < 2 ? 16 + 4 * field + random.nextInt(4) : 24 + (field - 2);
        b[at] = (byte) random.nextInt(256);
        return b;
      }
      case PNG_CHUNK_LENGTH -> {
        if (!png) {
          return null;
        }
        List<Integer> lengths = new ArrayList<>();
        for (int at = 8; at + 8 <= b.length; ) {
          lengths.add(at);
          long length = ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
          at += 12 + (int) Math.min(length, Integer.MAX_VALUE - 12);
        }
        int chunk = lengths.get(random.nextInt(lengths.size()));
        b[chunk + random.nextInt(4)] = (byte) random.nextInt(256);
        return b;
      }
      case JPEG_MARKER -> {
        if (png) {
          return null;
        }
        List<Integer> markers = jpegSegments(b);
        b[markers.get(random.nextInt(markers.size())) + 1] = (byte) random.nextInt(256);
        return b;
      }
      case JPEG_FRAME_SIZE -> {
        if (png) {
          return null;
        }
        for (int at : jpegSegments(b)) {
          if ((b[at + 1] & 0xFF) == 0xC0 || (b[at + 1] & 0xFF) == 0xC2) {
            // SOF: length (2), precision (1), height (2), width (2), components (1).
            b[at + 4 + random.nextInt(6)] = (byte) random.nextInt(256);
            return b;
          }
        }
        return null;
      }
      case EXIF_ORIENTATION -> {
        return png ? null : withExifOrientation(b, random.nextInt(3) == 0 ? random.nextInt(65536) : random.nextInt(10));
      }
      case ICC_PROFILE -> {
        if (png) {
          return null;
        }
        for (int at : jpegSegments(b)) {
          if ((b[at + 1] & 0xFF) == 0xE2) {
            int length = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
            for (int n = 1 + random.nextInt(16); n > 0; n--) {
              b[at + 4 + random.nextInt(length - 2)] = (byte) random.nextInt(256);
            }
            return b;
          }
        }
        return null;
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
  }

  /** Where each marker segment before the scan data starts (its 0xFF byte). */
  private static List<Integer> jpegSegments(byte[] b) {
    List<Integer> at = new ArrayList<>();
    for (int i = 2; i + 4 <= b.length && (b[i] & 0xFF) == 0xFF; ) {
      at.add(i);
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xDA) {
        break;
      }
      i += 2 + (((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF));
    }
    return at;
  }

  /** The JPEG with an EXIF segment (big-endian TIFF, one IFD entry: Orientation = {@code value}) after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int value) {
    ByteArrayOutputStream tiff = new ByteArrayOutputStream();
    tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}); // header, IFD at 8
    tiff.writeBytes(new byte[] {0, 1}); // one entry
    tiff.writeBytes(new byte[] {0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte) (value >> 8), (byte) value, 0, 0});
    tiff.writeBytes(new byte[] {0, 0, 0, 0}); // no next IFD
    byte[] payload = tiff.toByteArray();
    int length = 2 + 6 + payload.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
    out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(payload);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
