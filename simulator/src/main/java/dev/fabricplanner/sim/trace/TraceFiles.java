package dev.fabricplanner.sim.trace;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.TraceFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens trace files, plain or gzip (recognised by their first bytes), and tells their format. */
public final class TraceFiles {
  private static final int HEAD_BYTES = 8192;

  private TraceFiles() {}

  /** The file's bytes, decompressed when it is gzip. */
  static InputStream open(Path file) throws InvalidInputException {
    try {
      BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      in.mark(2);
      int first = in.read();
      int second = in.read();
      in.reset();
      if (first == 0x1f && second == 0x8b) {
        return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      }
      return in;
    } catch (NoSuchFileException missing) {
      throw new InvalidInputException(file + ": cannot read the trace: no such file");
    } catch (IOException unreadable) {
      throw new InvalidInputException(file + ": cannot read the trace: " + unreadable.getMessage());
    }
  }

  /**
   * The format of {@code file}, from its first line: a CSV header naming ContextTokens (Azure) or
   * Request tokens (BurstGPT); a JSON object holding requests (replay); a JSON line with chat_id
   * (Bailian) or input_length (Mooncake).
   */
  public static TraceFormat detect(Path file) throws InvalidInputException {
    String head;
    try (InputStream in = open(file)) {
      head = new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new InvalidInputException(file + ": cannot read the trace: " + unreadable.getMessage());
    }
    String start = head.stripLeading();
    int newline = start.indexOf('\n');
    String first = newline < 0 ? start : start.substring(0, newline);
    if (first.startsWith("{")) {
      if (first.contains("\"requests\"") || first.contains("\"arrival_time_us\"")) {
        return TraceFormat.REPLAY;
      }
      if (first.contains("\"chat_id\"") || first.contains("\"parent_chat_id\"")) {
        return TraceFormat.BAILIAN;
      }
      if (first.contains("\"input_length\"")) {
        return TraceFormat.MOONCAKE;
      }
    } else if (first.contains("ContextTokens")) {
      return TraceFormat.AZURE;
    } else if (first.contains("Request tokens")) {
      return TraceFormat.BURSTGPT;
    }
    throw new InvalidInputException(
        file + ": cannot tell the trace format from its first line; name it with --trace-format"
            + " or workload.trace.format (known formats: " + String.join(", ", TraceFormat.names())
            + ")");
  }

  /** The raw requests of {@code file} in {@code format}. */
  static RawTrace raw(Path file, TraceFormat format, boolean skipBadLines)
      throws InvalidInputException {
    InputStream in = open(file);
    String name = file.toString();
    return switch (format) {
      case AZURE -> new LineTrace(name, new ByteLines(in), CsvLayout.azure(), skipBadLines);
      case BURSTGPT -> new LineTrace(name, new ByteLines(in), CsvLayout.burstGpt(), skipBadLines);
      case MOONCAKE -> new LineTrace(name, new ByteLines(in), JsonLineLayout.mooncake(), skipBadLines);
      case BAILIAN -> new LineTrace(name, new ByteLines(in), JsonLineLayout.bailian(), skipBadLines);
      case REPLAY -> {
        try {
          yield new ReplayTrace(name, in, skipBadLines);
        } catch (IOException unreadable) {
          throw new InvalidInputException(name + ": cannot read the trace: " + unreadable.getMessage());
        }
      }
    };
  }
}
