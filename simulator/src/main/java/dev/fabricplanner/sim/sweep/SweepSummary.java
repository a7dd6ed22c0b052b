package dev.fabricplanner.sim.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.output.SavedResults;
import dev.fabricplanner.sim.result.SimulationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sweep folders merged into one summary: runs that differ only in seed form a parameter point, and
 * each metric of each strategy at a point is summarised across seeds (mean, standard deviation and a
 * Student-t confidence interval). Runs are read one at a time and only the per-point aggregates are
 * kept, so memory grows with the number of points, not of runs.
 */
public final class SweepSummary {
  /** Axes that never make a point: seeds are what a point aggregates over, strategies are columns. */
  private static final Set<String> NOT_COORDINATES = Set.of("seed", "strategies");

  private final double confidence;
  private final List<String> coordinates;
  private final List<Point> points;
  private final long runs;
  private final List<String> grids;

  private SweepSummary(
      double confidence, List<String> coordinates, List<Point> points, long runs, List<String> grids) {
    this.confidence = confidence;
    this.grids = grids;
    this.coordinates = coordinates;
    this.points = points;
    this.runs = runs;
  }

  /** One parameter point: its coordinates and, per strategy, each metric across seeds. */
  static final class Point {
    final Map<String, Object> coords;
    final SortedMap<String, EnumMap<SweepMetric, SeedSpread>> byStrategy = new TreeMap<>();
    final Set<Long> seeds = new HashSet<>();
    int firstIndex = Integer.MAX_VALUE;

    Point(Map<String, Object> coords) {
      this.coords = coords;
    }

    void add(SimulationResult result) {
      EnumMap<SweepMetric, SeedSpread> metrics =
          byStrategy.computeIfAbsent(result.strategy(), s -> new EnumMap<>(SweepMetric.class));
      for (SweepMetric metric : SweepMetric.values()) {
        metrics.computeIfAbsent(metric, m -> new SeedSpread()).add(metric.of(result));
      }
      seeds.add(result.seed());
    }
  }

  /** A pair of strategies compared on one metric at one point (Welch's t-test across seeds). */
  public record Difference(
      Map<String, Object> coords, String metric, String a, String b, double meanA, double meanB,
      double pValue, boolean significant) {}

  /**
   * Merges the sweep folders. Folders of the same grid (same fingerprint) pool their runs, and a run
   * present in two of them is a problem; folders of different grids are told apart by a {@code sweep}
   * coordinate holding the folder's name.
   */
  public static SweepSummary merge(List<Path> dirs, double confidence)
      throws InvalidInputException, IOException {
    if (!(confidence > 0 && confidence < 1)) {
      throw new InvalidInputException("--confidence: " + confidence + ": want a level between 0 and 1, e.g. 0.95");
    }
    Map<Path, String> fingerprints = new LinkedHashMap<>();
    for (Path dir : dirs) {
      fingerprints.put(dir, SweepFolder.fingerprint(dir));
    }
    boolean severalGrids = new HashSet<>(fingerprints.values()).size() > 1;
    Map<String, Point> points = new HashMap<>();
    Set<String> coordinates = new LinkedHashSet<>();
    if (severalGrids) {
      coordinates.add("sweep");
    }
    Map<String, Set<String>> idsByGrid = new HashMap<>();
    long runs = 0;
    for (Path dir : dirs) {
      Set<String> ids = idsByGrid.computeIfAbsent(fingerprints.get(dir), f -> new HashSet<>());
      for (Path runDir : new SweepFolder(dir).completeRuns()) {
        JsonNode record = readRecord(runDir.resolve(SweepFolder.RUN_RECORD));
        if (!ids.add(record.path("id").asText())) {
          throw new InvalidInputException(runDir + ": run " + record.path("id").asText()
              + " appears in more than one of the folders; give each run once");
        }
        Map<String, Object> coords = new LinkedHashMap<>();
        if (severalGrids) {
          coords.put("sweep", String.valueOf(dir.toAbsolutePath().normalize().getFileName()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = record.path("params").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> param = it.next();
          if (!NOT_COORDINATES.contains(param.getKey())) {
            coords.put(param.getKey(), SweepGrid.JSON.treeToValue(param.getValue(), Object.class));
            coordinates.add(param.getKey());
          }
        }
        Point point = points.computeIfAbsent(SweepGrid.json(coords), k -> new Point(coords));
        point.firstIndex = Math.min(point.firstIndex, record.path("index").asInt());
        for (SimulationResult result : SavedResults.read(runDir)) {
          point.add(result);
        }
        runs++;
      }
    }
    if (runs == 0) {
      throw new InvalidInputException(String.join(", ", dirs.stream().map(Path::toString).toList())
          + ": no complete runs yet (each run's folder under runs/ gets sweep-run.json when it finishes)");
    }
    List<Point> ordered = new ArrayList<>(points.values());
    ordered.sort(Comparator.<Point>comparingInt(p -> p.firstIndex)
        .thenComparing(p -> SweepGrid.json(p.coords)));
    return new SweepSummary(confidence, List.copyOf(coordinates), ordered, runs,
        List.copyOf(new LinkedHashSet<>(fingerprints.values())));
  }

  private static JsonNode readRecord(Path file) throws InvalidInputException {
    try {
      JsonNode node = SweepGrid.JSON.readTree(Files.readString(file));
      if (!node.path("id").isTextual() || !node.path("params").isObject() || !node.path("index").isInt()) {
        throw new InvalidInputException(file + ": want id (text), index (integer) and params (object)");
      }
      return node;
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  public double confidence() {
    return confidence;
  }

  /** The fingerprints of the grids merged, in folder order. */
  public List<String> grids() {
    return grids;
  }

  public long runs() {
    return runs;
  }

  public int pointCount() {
    return points.size();
  }

  List<String> coordinates() {
    return coordinates;
  }

  List<Point> points() {
    return points;
  }

  /** Every pair of strategies at every point, on every metric, with its Welch p-value. */
  public List<Difference> differences() {
    List<Difference> differences = new ArrayList<>();
    for (Point point : points) {
      List<String> strategies = new ArrayList<>(point.byStrategy.keySet());
      for (SweepMetric metric : SweepMetric.values()) {
        for (int i = 0; i < strategies.size(); i++) {
          for (int j = i + 1; j < strategies.size(); j++) {
            SeedSpread a = point.byStrategy.get(strategies.get(i)).get(metric);
            SeedSpread b = point.byStrategy.get(strategies.get(j)).get(metric);
            double p = SeedSpread.welchP(a, b);
            differences.add(new Difference(point.coords, metric.key(), strategies.get(i),
                strategies.get(j), a.mean(), b.mean(), p, p < 1 - confidence));
          }
        }
      }
    }
    return differences;
  }
}
