package dev.fabricplanner.sim.config;

import java.util.Optional;

/**
 * The part of a trace to replay, in seconds after the trace's first request: requests at {@code
 * fromS <= t < toS} are kept and shifted so that {@code fromS} becomes time 0.
 *
 * @param fromS start, inclusive
 * @param toS end, exclusive ({@code +Infinity}: to the end of the trace)
 */
public record TimeWindow(double fromS, double toS) {
  public static final TimeWindow ALL = new TimeWindow(0, Double.POSITIVE_INFINITY);

  /**
   * Parses {@code FROM:TO} in seconds; either side may be empty ({@code 600:}, {@code :3600});
   * empty when the text is not of that form or FROM is not before TO.
   */
  public static Optional<TimeWindow> parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
      return Optional.empty();
    }
    try {
      String from = text.substring(0, colon).trim();
      String to = text.substring(colon + 1).trim();
      double fromS = from.isEmpty() ? 0 : Double.parseDouble(from);
      double toS = to.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(to);
      if (!(fromS >= 0) || !(toS > fromS) || Double.isNaN(toS)) {
        return Optional.empty();
      }
      return Optional.of(new TimeWindow(fromS, toS));
    } catch (NumberFormatException notNumbers) {
      return Optional.empty();
    }
  }

  public boolean isAll() {
    return fromS == 0 && toS == Double.POSITIVE_INFINITY;
  }

  /** {@code FROM:TO} as {@link #parse} reads it back. */
  public String text() {
    return YamlBlock.number(fromS) + ":" + (toS == Double.POSITIVE_INFINITY ? "" : YamlBlock.number(toS));
  }
}
