package dev.fabricplanner.sim.trace;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.config.TracePromptStructure;
import dev.fabricplanner.sim.workload.BlockHashes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trace's requests in arrival order, as a cursor: {@link #next()} moves to the following request
 * inside the time window, with its arrival in ms after the window's start divided by the rate
 * scale. Times are taken relative to the trace's first request. The file is streamed (memory stays
 * flat however long the trace), except with {@code sort}, which reads it whole to sort it.
 */
public final class TraceReader implements Closeable {
  private final TraceFormat format;
  private final int blockSize;
  private final double rateScale;
  private final double fromMs;
  private final double toMs;
  private final RawTrace raw;
  private final ParsedRequest parsed = new ParsedRequest();
  private final Sorted sorted;
  private double firstMs = Double.NaN;
  private double previousMs = Double.NEGATIVE_INFINITY;
  private boolean ended;

  private double arrivalMs;
  private long inputTokens;
  private long outputTokens;
  private long[] ids;
  private int idCount;
  private long read;
  private long sequence;
  private boolean failed;

  private TraceReader(TraceConfig config, TraceFormat format, RawTrace raw)
      throws InvalidInputException {
    this.format = format;
    this.blockSize = config.effectiveBlockSize(format);
    this.rateScale = config.rateScale();
    TimeWindow window = config.window();
    this.fromMs = window.fromS() * 1000;
    this.toMs = window.toS() * 1000;
    this.raw = raw;
    this.sorted = config.sort() ? Sorted.read(raw) : null;
    if (sorted != null) {
      firstMs = sorted.size() == 0 ? 0 : sorted.times[sorted.order[0]];
    }
  }

  /** Opens the trace {@code config} names, telling its format from the file when none is given. */
  public static TraceReader open(TraceConfig config) throws InvalidInputException {
    Path file = Path.of(config.file());
    TraceFormat format = config.format().isPresent() ? config.format().get() : TraceFiles.detect(file);
    int blockSize = config.effectiveBlockSize(format);
    if (blockSize % BlockHashes.BLOCK_TOKENS != 0) {
      throw new InvalidInputException(
          file + ": block_size must be a multiple of " + BlockHashes.BLOCK_TOKENS + ", got "
              + blockSize);
    }
    RawTrace raw = TraceFiles.raw(file, format, config.skipBadLines());
    if (raw instanceof ReplayTrace replay
        && config.prompts().map(TracePromptStructure::replaysFailed).orElse(false)) {
      replay.keepFailed();
    }
    try {
      return new TraceReader(config, format, raw);
    } catch (InvalidInputException | RuntimeException failed) {
      closeQuietly(raw);
      throw failed;
    }
  }

  public TraceFormat format() {
    return format;
  }

  /** Moves to the next request in the window; false once there is none. */
  public boolean next() throws InvalidInputException {
    while (!ended) {
      double timeMs;
      if (sorted != null) {
        if (!sorted.next(parsed)) {
          ended = true;
          break;
        }
        timeMs = parsed.timeMs;
      } else {
        if (!raw.next(parsed)) {
          ended = true;
          break;
        }
        timeMs = parsed.timeMs;
        if (Double.isNaN(firstMs)) {
          firstMs = timeMs;
        }
        if (timeMs < previousMs) {
          throw new InvalidInputException(
              raw.where() + ": timestamp goes backwards ("
                  + String.format(java.util.Locale.ROOT, "%.3f", (timeMs - firstMs) / 1000)
                  + " s after the first request; an earlier line was at "
                  + String.format(java.util.Locale.ROOT, "%.3f", (previousMs - firstMs) / 1000)
                  + " s): sort the trace, or set workload.trace.sort: true (--sort-trace) to sort"
                  + " it in memory");
        }
        previousMs = timeMs;
      }
      long position = parsed.sequence >= 0 ? parsed.sequence : read;
      read++;
      double relativeMs = timeMs - firstMs;
      if (relativeMs < fromMs) {
        continue;
      }
      if (relativeMs >= toMs) {
        ended = true;
        break;
      }
      arrivalMs = (relativeMs - fromMs) / rateScale;
      inputTokens = parsed.inputTokens;
      outputTokens = parsed.outputTokens;
      sequence = position;
      failed = parsed.failed;
      ids = parsed.hasIds ? parsed.ids : null;
      idCount = parsed.idCount;
      return true;
    }
    return false;
  }

  /**
   * The current request's position in the file, counting the requests a replay trace marks failed
   * (the client's own request index); in time order where the trace is sorted in memory.
   */
  public long sequence() {
    return sequence;
  }

  /** Whether the trace marks the current request failed (kept only when asked for). */
  public boolean failed() {
    return failed;
  }

  /** Arrival of the current request, ms after the window's start, divided by the rate scale. */
  public double arrivalMs() {
    return arrivalMs;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  /** The current request's hash ids (a fresh array), or null when the format has none. */
  public long[] hashIds() {
    return ids == null ? null : Arrays.copyOf(ids, idCount);
  }

  /** Tokens one hash id covers (0 when the format has none). */
  public int blockSize() {
    return blockSize;
  }

  /** Where the current request came from ({@code file:line}), for messages. */
  public String where() {
    return sorted != null ? raw.where() + " (sorted)" : raw.where();
  }

  public long badLines() {
    return raw.badLines();
  }

  public String firstBadLine() {
    return raw.firstBadLine();
  }

  /** Requests the trace marks as failed, left out. */
  public long excluded() {
    return raw.excluded();
  }

  /** With sort: requests that came earlier than a request before them in the file. */
  public long outOfOrder() {
    return sorted == null ? 0 : sorted.outOfOrder;
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }

  private static void closeQuietly(RawTrace raw) {
    try {
      raw.close();
    } catch (IOException ignored) {
      // Already failing with a clearer message.
    }
  }

  /** The whole trace in memory, in time order (stable: equal times keep their file order). */
  private static final class Sorted {
    private double[] times = new double[1024];
    private long[] inputs = new long[1024];
    private long[] outputs = new long[1024];
    private long[] sequences = new long[1024];
    private boolean[] failures = new boolean[1024];
    private final List<long[]> ids = new ArrayList<>();
    private int size;
    private Integer[] order;
    private int cursor;
    private long outOfOrder;

    static Sorted read(RawTrace raw) throws InvalidInputException {
      Sorted all = new Sorted();
      ParsedRequest request = new ParsedRequest();
      double latest = Double.NEGATIVE_INFINITY;
      while (raw.next(request)) {
        if (all.size == all.times.length) {
          all.times = Arrays.copyOf(all.times, all.size * 2);
          all.inputs = Arrays.copyOf(all.inputs, all.size * 2);
          all.outputs = Arrays.copyOf(all.outputs, all.size * 2);
          all.sequences = Arrays.copyOf(all.sequences, all.size * 2);
          all.failures = Arrays.copyOf(all.failures, all.size * 2);
        }
        if (request.timeMs < latest) {
          all.outOfOrder++;
        }
        latest = Math.max(latest, request.timeMs);
        all.times[all.size] = request.timeMs;
        all.inputs[all.size] = request.inputTokens;
        all.outputs[all.size] = request.outputTokens;
        all.sequences[all.size] = request.sequence >= 0 ? request.sequence : all.size;
        all.failures[all.size] = request.failed;
        all.ids.add(request.hasIds ? Arrays.copyOf(request.ids, request.idCount) : null);
        all.size++;
      }
      all.order = new Integer[all.size];
      for (int i = 0; i < all.size; i++) {
        all.order[i] = i;
      }
      double[] times = all.times;
      Arrays.sort(all.order, (a, b) -> Double.compare(times[a], times[b]));
      return all;
    }

    int size() {
      return size;
    }

    boolean next(ParsedRequest out) {
      if (cursor == size) {
        return false;
      }
      int i = order[cursor++];
      out.reset();
      out.timeMs = times[i];
      out.inputTokens = inputs[i];
      out.outputTokens = outputs[i];
      out.sequence = sequences[i];
      out.failed = failures[i];
      long[] requestIds = ids.get(i);
      if (requestIds != null) {
        out.hasIds = true;
        for (long id : requestIds) {
          out.addId(id);
        }
      }
      return true;
    }
  }
}
