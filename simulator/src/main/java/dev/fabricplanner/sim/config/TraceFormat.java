package dev.fabricplanner.sim.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The request-trace layouts a run can replay. Each knows the block size its {@code hash_ids} cover
 * (0: the format has no block ids) and how it is named in configs and on the command line.
 */
public enum TraceFormat {
  /** Azure LLM inference trace 2023/2024 CSV: TIMESTAMP (date and time), ContextTokens, GeneratedTokens. */
  AZURE(0),
  /** BurstGPT CSV: Timestamp (s), Model, Request tokens, Response tokens, Total tokens, Log Type. */
  BURSTGPT(0),
  /** Mooncake JSONL: timestamp (ms), input_length, output_length, hash_ids of 512-token blocks. */
  MOONCAKE(512),
  /** Qwen-Bailian JSONL: timestamp (s), input_length, output_length, hash_ids of 16-token blocks. */
  BAILIAN(16),
  /** The calibration replay JSON: requests[] with arrival_time_us, input_tokens, output_tokens. */
  REPLAY(0);

  private final int defaultBlockSize;

  TraceFormat(int defaultBlockSize) {
    this.defaultBlockSize = defaultBlockSize;
  }

  /** Tokens covered by one of the trace's hash ids; 0 when the format has none. */
  public int defaultBlockSize() {
    return defaultBlockSize;
  }

  /** Whether lines carry {@code hash_ids}. */
  public boolean hasBlockIds() {
    return defaultBlockSize > 0;
  }

  /** The name used in configs and on the command line. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TraceFormat> named(String name) {
    for (TraceFormat format : values()) {
      if (format.configName().equals(name)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** Every format's name, in declaration order (for error messages and choices). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (TraceFormat format : values()) {
      names.add(format.configName());
    }
    return names;
  }

  /** The one line for a format name nobody knows, listing the known ones. */
  public static String unknown(String name) {
    return "unknown trace format \"" + name + "\"; known formats: " + String.join(", ", names());
  }
}
