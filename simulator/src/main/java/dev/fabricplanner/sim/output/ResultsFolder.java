package dev.fabricplanner.sim.output;

import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.sim.result.SimulationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a run's files into the output folder. Each file goes to a temporary sibling first and is then
 * moved into place, so a reader (or a crash) never sees a half-written file and an earlier result is
 * only replaced by a complete new one.
 */
public final class ResultsFolder {
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  /** Per strategy, next to its metrics.csv: the latency histograms {@code planner compare} reads. */
  public static final String LATENCY_HISTOGRAMS = "latency.hdr";

  private final Path dir;

  public ResultsFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Everything but timing.json: byte-identical for the same config and seed. */
  public void writeResults(
      String resolvedConfigYaml, List<SimulationResult> results, OutputFormat format, String title)
      throws IOException {
    write("config.yaml", resolvedConfigYaml);
    if (format.writesCsv()) {
      write("comparison.csv", CsvText.of(ComparisonTable.csvRows(results)));
      for (SimulationResult result : results) {
        write(fileName(result.strategy()) + "/metrics.csv", CsvText.of(TidyMetrics.rows(result)));
      }
    }
    if (format.writesJson()) {
      for (SimulationResult result : results) {
        String name = fileName(result.strategy());
        write(name + ".json", ResultJson.render(result));
        write(name + "/" + LATENCY_HISTOGRAMS,
            LatencyHistogramFile.render(result.latencyHistograms()));
      }
    }
    write("report.html", HtmlReport.render(title, results));
  }

  /**
   * {@code planner compare}'s files: comparison.csv and report.html over runs from several folders,
   * the report's verdict over {@code verdictOver} (see {@link HtmlReport#render(String, List, List)}).
   */
  public void writeComparison(
      List<SimulationResult> results, List<SimulationResult> verdictOver, String title)
      throws IOException {
    write("comparison.csv", CsvText.of(ComparisonTable.csvRows(results)));
    write("report.html", HtmlReport.render(title, results, verdictOver));
  }

  /** Wall-clock figures, kept apart so that every other file can be diffed between runs. */
  public void writeTiming(String timingJson) throws IOException {
    write("timing.json", timingJson);
  }

  private void write(String relativePath, String content) throws IOException {
    AtomicFile.writeString(dir.resolve(relativePath), content);
  }

  /** A strategy name made safe as a file name (class names keep their dots). */
  public static String fileName(String strategy) {
    return UNSAFE.matcher(strategy).replaceAll("_");
  }
}
