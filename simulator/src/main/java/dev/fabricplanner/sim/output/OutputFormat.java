package dev.fabricplanner.sim.output;

import java.util.Locale;

/** Which result files {@code planner sim --format} writes besides config.yaml and report.html. */
public enum OutputFormat {
  /** comparison.csv and {@code <strategy>/metrics.csv}. */
  CSV(true, false),
  /** {@code <strategy>.json}. */
  JSON(false, true),
  /** Both of the above. */
  BOTH(true, true);

  private final boolean csv;
  private final boolean json;

  OutputFormat(boolean csv, boolean json) {
    this.csv = csv;
    this.json = json;
  }

  public boolean writesCsv() {
    return csv;
  }

  public boolean writesJson() {
    return json;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
