package dev.fabricplanner.sim.config;

import java.util.Optional;

/**
 * A request trace that replaces the generated workload ({@code workload.trace}, or {@code planner
 * sim --trace}).
 *
 * @param file the trace (plain or gzip), relative to the working directory unless absolute
 * @param format its layout; empty: recognised from the file's first line
 * @param rateScale arrival times are divided by this (2: twice the rate)
 * @param window the part of the trace replayed
 * @param blockSize tokens per hash id; empty: the format's own (512 Mooncake, 16 Bailian)
 * @param skipBadLines count and skip lines that do not parse instead of stopping
 * @param sort sort requests by time in memory instead of stopping at a timestamp going backwards
 * @param prompts the prompt structure rebuilt for a trace that recorded no prefixes; empty: none
 */
public record TraceConfig(
    String file,
    Optional<TraceFormat> format,
    double rateScale,
    TimeWindow window,
    Optional<Integer> blockSize,
    boolean skipBadLines,
    boolean sort,
    Optional<TracePromptStructure> prompts) {

  /** A trace whose prompts are what it records, no structure rebuilt. */
  public TraceConfig(String file, Optional<TraceFormat> format, double rateScale, TimeWindow window,
      Optional<Integer> blockSize, boolean skipBadLines, boolean sort) {
    this(file, format, rateScale, window, blockSize, skipBadLines, sort, Optional.empty());
  }

  /** The block size hash ids cover in this trace (0 when the format has none). */
  public int effectiveBlockSize(TraceFormat resolved) {
    return resolved.hasBlockIds() ? blockSize.orElse(resolved.defaultBlockSize()) : 0;
  }

  public TraceConfig withFormat(TraceFormat resolved) {
    return new TraceConfig(
        file, Optional.of(resolved), rateScale, window, blockSize, skipBadLines, sort, prompts);
  }
}
