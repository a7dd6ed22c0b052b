package dev.fabricplanner.strategy;

import dev.fabricplanner.core.InvalidInputException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A strategy's parameters from the config's {@code strategy_params.<name>} map. Typed getters take a
 * documented default, reject values of the wrong type or range, and remember which keys were read so
 * that a misspelt key is reported rather than silently ignored.
 */
public final class StrategyParams {
  private final String strategy;
  private final Map<String, Object> values;
  private final TreeSet<String> read = new TreeSet<>();

  public StrategyParams(String strategy, Map<String, ?> values) {
    this.strategy = strategy;
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public static StrategyParams none(String strategy) {
    return new StrategyParams(strategy, Map.of());
  }

  public double number(String key, double defaultValue, double min, double max)
      throws InvalidInputException {
    read.add(key);
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Number number)
        || !(number.doubleValue() >= min && number.doubleValue() <= max)) {
      throw new InvalidInputException(
          path(key) + ": must be a number in [" + min + ", " + max + "], got " + describe(value));
    }
    return number.doubleValue();
  }

  public int integer(String key, int defaultValue, int min, int max) throws InvalidInputException {
    read.add(key);
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    boolean whole =
        value instanceof Integer || value instanceof Long || value instanceof Short;
    if (!whole || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
      throw new InvalidInputException(
          path(key) + ": must be an integer in [" + min + ", " + max + "], got " + describe(value));
    }
    return ((Number) value).intValue();
  }

  /** A word from a fixed set, e.g. {@code mode: quantile}. */
  public String choice(String key, String defaultValue, java.util.List<String> allowed)
      throws InvalidInputException {
    read.add(key);
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String word) || !allowed.contains(word)) {
      throw new InvalidInputException(
          path(key) + ": must be one of " + String.join(", ", allowed) + ", got " + describe(value));
    }
    return word;
  }

  /** Rejects keys the strategy never read: a misspelt key is an error, not a silent default. */
  public void requireNoUnknownKeys() throws InvalidInputException {
    TreeSet<String> unknown = unknownKeys();
    if (!unknown.isEmpty()) {
      java.util.List<String> problems = new java.util.ArrayList<>();
      for (String key : unknown) {
        problems.add(
            path(key) + ": unknown parameter"
                + (read.isEmpty() ? " (this strategy takes none)" : "; known: " + String.join(", ", read)));
      }
      throw new InvalidInputException(problems);
    }
  }

  /** Keys present in the config that the strategy never asked for. */
  public TreeSet<String> unknownKeys() {
    TreeSet<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(read);
    return unknown;
  }

  /** The parameters as given, for the resolved config. */
  public Map<String, Object> values() {
    return values;
  }

  private String path(String key) {
    return "strategy_params." + strategy + "." + key;
  }

  private static String describe(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
