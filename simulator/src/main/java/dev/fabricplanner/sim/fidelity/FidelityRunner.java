package dev.fabricplanner.sim.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.exec.Calibration;
import dev.fabricplanner.sim.exec.CoefficientsFile;
import dev.fabricplanner.sim.exec.GpuSpecs;
import dev.fabricplanner.sim.exec.MeasuredExperiment;
import dev.fabricplanner.sim.exec.MeasuredExperiments;
import dev.fabricplanner.sim.exec.ModelCatalog;
import dev.fabricplanner.sim.exec.StageObservations;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * {@code planner fidelity}: simulates each measured vLLM experiment on a one-server fleet built from
 * its model, GPU, TP and knobs, with its workload generated stage by stage (inference-perf's
 * shared_prefix) or its recorded trace replayed, and compares what the simulator predicts with what
 * was measured, per stage and for the whole run.
 *
 * <p>Each experiment is one simulation: requests are assigned to stages by arrival time, exactly as
 * the client grouped them. A stage whose rate is unknown cannot be predicted; one whose duration is
 * unknown is simulated for {@link #STEADY_STATE_S} (its steady state) and says so. The run goes on for
 * {@link #DRAIN_S} after the last arrival so that requests finish; any still running then are counted
 * in the reason (the engine could not keep up).
 */
public final class FidelityRunner {
  /** How long a stage of unknown length is simulated: the length of most measured stages. */
  public static final double STEADY_STATE_S = 600;

  /** Simulated time after the last arrival for the requests in flight to finish. */
  static final double DRAIN_S = 900;

  /**
   * The measuring client's request timeout: in the four overloaded runs' per-request ground truth
   * every failed request ended at 300.1-300.6 s and every successful one before 300.5 s, so the
   * measured latencies are those of requests served within 300 s. The simulated client disconnects
   * then too ({@code workload.client_timeout_s}): the engine aborts the request, as vLLM does when
   * its client goes away, and it counts as failed, not in the latencies.
   */
  static final double CLIENT_TIMEOUT_S = 300;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STRATEGY = "baseline_rr";

  private final Path tracesDir;
  private final long seed;
  private final int threads;
  private final Path coefficients;
  private final boolean leaveOneModelOut;

  /**
   * @param tracesDir folder holding replay traces (and their {@code _ground_truth} files) named by
   *     each experiment's {@code replay_trace.copied_as}; null: generate every workload
   * @param coefficients the calibration pricing steps ({@code planner calibrate}'s file); null: the
   *     one shipped with the simulator
   * @param leaveOneModelOut refit the calibration once per model without that model's experiments
   *     and simulate them with it, so that every experiment is predicted as an unseen model
   */
  public FidelityRunner(
      Path tracesDir, long seed, int threads, Path coefficients, boolean leaveOneModelOut) {
    this.tracesDir = tracesDir;
    this.seed = seed;
    this.threads = Math.max(1, threads);
    this.coefficients = coefficients;
    this.leaveOneModelOut = leaveOneModelOut;
  }

  /** Which calibration file (null: the shipped one) prices one experiment, and what it holds. */
  private record Pricing(Path file, CoefficientsFile.Fitted fitted) {}

  /** Reads the experiments file and simulates each experiment; progress gets one line per experiment. */
  public FidelityReport run(Path experimentsFile, Consumer<String> progress)
      throws InvalidInputException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(experimentsFile)) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new InvalidInputException(experimentsFile + ": cannot read as JSON: " + firstLine(e));
    }
    JsonNode list = root == null ? null : root.get("experiments");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidInputException(
          experimentsFile + ": experiments: wanted a non-empty array of measured runs");
    }
    List<CalibrationRun> runs = new ArrayList<>();
    list.forEach(node -> runs.add(CalibrationRun.of(node)));
    StrategyProvider provider = StrategyRegistry.fromClassPath().find(STRATEGY);
    Path folds = null;
    try {
      Map<String, Pricing> pricing = new TreeMap<>();
      Set<String> fittedOn;
      String split;
      if (leaveOneModelOut) {
        folds = Files.createTempDirectory("fidelity-folds");
        pricing = leaveOneModelOut(experimentsFile, runs, folds, progress);
        fittedOn = Set.of();
        split = "leave one model out: each experiment is simulated with a calibration refitted"
            + " without every experiment of its model (planner calibrate --holdout)";
      } else {
        Pricing one = coefficients == null
            ? new Pricing(null, CoefficientsFile.builtIn())
            : new Pricing(coefficients.toAbsolutePath(), CoefficientsFile.read(coefficients));
        for (CalibrationRun run : runs) {
          pricing.put(run.id(), one);
        }
        fittedOn = new LinkedHashSet<>(one.fitted().fittedOnIds());
        split = (coefficients == null ? "the shipped calibration" : "calibration " + coefficients)
            + ": fitted on " + fittedOn.size() + " experiments (role fit), the others held out";
      }
      return simulateAll(runs, pricing, provider, progress, fittedOn, split);
    } catch (IOException e) {
      throw new InvalidInputException("cannot write the per-model calibrations: " + firstLine(e));
    } finally {
      deleteQuietly(folds);
    }
  }

  /** Per model, a calibration fitted without its experiments, written into {@code folds}. */
  private static Map<String, Pricing> leaveOneModelOut(
      Path experimentsFile, List<CalibrationRun> runs, Path folds, Consumer<String> progress)
      throws InvalidInputException, IOException {
    // Experiments whose model or GPU is unknown are skipped later; they cannot be fitted on either.
    List<MeasuredExperiment> known = MeasuredExperiments.read(experimentsFile).stream()
        .filter(e -> ModelCatalog.builtIn().lookup(e.model()).isPresent()
            && GpuSpecs.builtIn().lookup(e.gpu()).isPresent())
        .toList();
    StageObservations.Collected collected =
        StageObservations.collect(known, ModelCatalog.builtIn(), GpuSpecs.builtIn());
    Map<String, List<String>> byModel = new TreeMap<>();
    for (CalibrationRun run : runs) {
      byModel.computeIfAbsent(run.model(), m -> new ArrayList<>()).add(run.id());
    }
    Map<String, Pricing> pricing = new TreeMap<>();
    int fold = 0;
    for (Map.Entry<String, List<String>> model : byModel.entrySet()) {
      Calibration.Result result = Calibration.run(
          collected, Calibration.Split.HOLDOUT, new LinkedHashSet<>(model.getValue()));
      Path file = folds.resolve("without-model-" + fold++ + ".json");
      CoefficientsFile.write(file, result, "planner fidelity --leave-one-model-out",
          experimentsFile.toString());
      Pricing p = new Pricing(file, CoefficientsFile.read(file));
      model.getValue().forEach(id -> pricing.put(id, p));
      progress.accept("calibrated without " + model.getKey() + " (" + result.fittedOn().size()
          + " experiments)");
    }
    return pricing;
  }

  private static void deleteQuietly(Path folder) {
    if (folder == null) {
      return;
    }
    try (var files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // A temporary folder left behind is harmless; the report is already complete.
    }
  }

  private FidelityReport simulateAll(List<CalibrationRun> runs, Map<String, Pricing> pricing,
      StrategyProvider provider, Consumer<String> progress, Set<String> fittedOn, String split) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs.size()), r -> {
      Thread t = new Thread(r, "fidelity");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<ExperimentFidelity>> futures = new ArrayList<>();
      for (CalibrationRun run : runs) {
        futures.add(pool.submit(() -> {
          ExperimentFidelity outcome = simulate(run, pricing.get(run.id()), provider);
          progress.accept(run.id() + ": " + (outcome.ok() ? "simulated" : "skipped"));
          return outcome;
        }));
      }
      List<ExperimentFidelity> outcomes = new ArrayList<>();
      for (Future<ExperimentFidelity> future : futures) {
        outcomes.add(future.get());
      }
      return new FidelityReport(outcomes, fittedOn, split);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a fidelity simulation failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  ExperimentFidelity simulate(CalibrationRun run, Pricing pricing, StrategyProvider provider) {
    String id = run.id();
    if (ModelCatalog.builtIn().lookup(run.model()).isEmpty()) {
      return ExperimentFidelity.skipped(id, reason(() -> ModelCatalog.builtIn().find(run.model())));
    }
    if (GpuSpecs.builtIn().lookup(run.gpu()).isEmpty()) {
      return ExperimentFidelity.skipped(id, reason(() -> GpuSpecs.builtIn().find(run.gpu())));
    }
    List<String> notes = new ArrayList<>();
    // Stages that can be simulated, back to back, with where each one starts.
    List<CalibrationRun.Stage> simulated = new ArrayList<>();
    List<Double> durations = new ArrayList<>();
    for (CalibrationRun.Stage stage : run.stages()) {
      if (stage.rateRps() == null) {
        notes.add("stage " + stage.index() + ": rate not recorded, not predicted");
        continue;
      }
      double duration = stage.durationS() != null ? stage.durationS() : STEADY_STATE_S;
      if (stage.durationS() == null) {
        notes.add(String.format(Locale.ROOT,
            "stage %d: duration not recorded, simulated %.0f s of steady state", stage.index(),
            STEADY_STATE_S));
      }
      simulated.add(stage);
      durations.add(duration);
    }
    if (simulated.isEmpty()) {
      return ExperimentFidelity.skipped(id, String.join("; ", notes));
    }
    Path trace = replayTrace(run);
    double arrivalsS = durations.stream().mapToDouble(Double::doubleValue).sum();
    FidelityConfig fleet = new FidelityConfig(run, seed, arrivalsS, DRAIN_S, pricing.file())
        .clientTimeout(CLIENT_TIMEOUT_S);
    try {
      if (trace != null && run.everyStageKnown()) {
        fleet.replay(trace, run, measuredOutputTokens(run));
        notes.add("replayed " + trace.getFileName()
            + ", prompts rebuilt from its shared_prefix groups");
      } else {
        int measuredOutput = measuredOutputTokens(run);
        fleet.sharedPrefix(run, simulated, durations, measuredOutput);
        if (measuredOutput > 0) {
          int configured =
              run.raw().path("workload").path("shared_prefix").path("output_len_tokens").asInt();
          if (measuredOutput != configured) {
            notes.add("answers of " + measuredOutput + " tokens, the measured mean (configured "
                + configured + (measuredOutput < configured ? ": some streams ended early)" : ")"));
          }
        }
      }
    } catch (InvalidInputException e) {
      return ExperimentFidelity.skipped(id, e.getMessage());
    }
    String yaml = fleet.yaml(STRATEGY);
    RequestOutcomes outcomes = new RequestOutcomes(CLIENT_TIMEOUT_S * 1000);
    SimulationResult result;
    try {
      SimulationConfig config = ConfigLoader.parse(yaml, "fidelity:" + id);
      result = Simulation.run(config, STRATEGY, provider, StrategyParams.none(STRATEGY),
          ProgressListener.NONE, outcomes);
    } catch (InvalidInputException e) {
      return ExperimentFidelity.skipped(id, e.getMessage());
    }
    long unfinished = result.requests().inFlight() + result.requests().dropped();
    if (unfinished > 0) {
      notes.add(String.format(Locale.ROOT,
          "%d of %d requests unfinished (in flight %.0f s after the last arrival, or dropped)",
          unfinished, result.requests().arrived(), DRAIN_S));
    }
    // Aborted at the timeout by the engine, or answered later than it once the client-side delays
    // are added: the client recorded both as failures.
    long failures = result.requests().failed() + outcomes.timedOut();
    if (failures > 0) {
      JsonNode failed = run.raw().path("summary").path("measured_detail").path("num_failures");
      notes.add(String.format(Locale.ROOT,
          "%d of %d requests failed at the client's %.0f s timeout, aborted by the engine%s",
          failures, result.requests().arrived(), CLIENT_TIMEOUT_S,
          failed.isNumber() ? " (measured: " + failed.asLong() + ")" : ""));
    }
    List<StageFidelity> stages = new ArrayList<>();
    double startMs = 0;
    for (int i = 0; i < simulated.size(); i++) {
      double endMs = startMs + durations.get(i) * 1000;
      stages.add(new StageFidelity(simulated.get(i).index(),
          compare(outcomes.figures(startMs, endMs), simulated.get(i).measured()), durations.get(i)));
      startMs = endMs;
    }
    Map<FidelityMetric, MetricComparison> summary = run.everyStageKnown()
        ? compare(outcomes.figures(0, Double.POSITIVE_INFINITY), run.summary())
        : Map.of();
    Map<String, MetricComparison> percentiles = Map.of();
    if (trace != null && run.everyStageKnown()) {
      try {
        percentiles = percentiles(outcomes, groundTruth(trace));
      } catch (InvalidInputException e) {
        notes.add(e.getMessage());
      }
    }
    return new ExperimentFidelity(id, true, String.join("; ", notes),
        MeasuredExperiments.overloaded(run.raw().path("notes")), summary, stages, percentiles);
  }

  private interface Lookup {
    void run() throws InvalidInputException;
  }

  private static String reason(Lookup lookup) {
    try {
      lookup.run();
      return "";
    } catch (InvalidInputException e) {
      return e.getMessage();
    }
  }

  private static Map<FidelityMetric, MetricComparison> compare(
      Map<FidelityMetric, Double> predicted, Map<FidelityMetric, Double> measured) {
    Map<FidelityMetric, MetricComparison> comparisons = new EnumMap<>(FidelityMetric.class);
    measured.forEach((metric, value) -> {
      Double p = predicted.get(metric);
      if (p != null) {
        comparisons.put(metric, new MetricComparison(p, value));
      }
    });
    return comparisons;
  }

  private Path replayTrace(CalibrationRun run) {
    if (tracesDir == null || run.replayTrace().isEmpty()) {
      return null;
    }
    Path file = tracesDir.resolve(run.replayTrace().get());
    return Files.isRegularFile(file) ? file : null;
  }

  /** {@code <run>.json.gz} → {@code <run>_ground_truth.json.gz} beside it. */
  static Path groundTruthOf(Path trace) {
    String name = trace.getFileName().toString();
    int dot = name.indexOf(".json");
    String base = dot < 0 ? name : name.substring(0, dot);
    return trace.resolveSibling(base + "_ground_truth" + (dot < 0 ? "" : name.substring(dot)));
  }

  /** Measured TTFT and E2E (ms, sorted) of the requests that did not fail, from the ground truth. */
  private static double[][] groundTruth(Path trace) throws InvalidInputException {
    Path file = groundTruthOf(trace);
    JsonNode list;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      list = JSON.readTree(in);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": no per-request ground truth read: " + firstLine(e));
    }
    if (list == null || !list.isArray()) {
      throw new InvalidInputException(file + ": wanted a JSON list of {has_error, ttft_s, e2e_s}");
    }
    double[] ttft = new double[list.size()];
    double[] e2e = new double[list.size()];
    int n = 0;
    for (JsonNode entry : list) {
      if (entry.path("has_error").asBoolean(false)
          || !entry.path("ttft_s").isNumber() || !entry.path("e2e_s").isNumber()) {
        continue;
      }
      ttft[n] = entry.path("ttft_s").asDouble() * 1000;
      e2e[n] = entry.path("e2e_s").asDouble() * 1000;
      n++;
    }
    if (n == 0) {
      throw new InvalidInputException(file + ": no request without an error");
    }
    double[] t = Arrays.copyOf(ttft, n);
    double[] e = Arrays.copyOf(e2e, n);
    Arrays.sort(t);
    Arrays.sort(e);
    return new double[][] {t, e};
  }

  private static Map<String, MetricComparison> percentiles(RequestOutcomes outcomes, double[][] truth) {
    Map<String, MetricComparison> map = new TreeMap<>();
    if (outcomes.count() == 0) {
      return map;
    }
    double[] ttft = outcomes.sortedTtftMs();
    double[] e2e = outcomes.sortedE2eMs();
    for (int q : new int[] {50, 90, 99}) {
      map.put("ttft_p" + q + "_ms", new MetricComparison(
          RequestOutcomes.percentile(ttft, q), RequestOutcomes.percentile(truth[0], q)));
      map.put("e2e_p" + q + "_ms", new MetricComparison(
          RequestOutcomes.percentile(e2e, q), RequestOutcomes.percentile(truth[1], q)));
    }
    return map;
  }

  /**
   * The mean answer length the client measured over the stages that are simulated (weighted by
   * requests, or by rate × duration where the count was not recorded), or 0 where no stage says.
   * The client asked for a fixed length with ignore_eos, yet a share of streams ended early (in
   * 20260217-155451 about 40 %, uniformly shorter; in 67-llama-2-7b 1,120 tokens on average against
   * 1,448 configured): answers of the measured mean keep the decode work, and with it E2E, comparable;
   * their spread is not reproduced. A stage without {@code measured_detail.output_len_tokens} gives
   * its mean by the data's own definition of TPOT: (E2E mean − TTFT mean) / TPOT mean + 1.
   */
  static int measuredOutputTokens(CalibrationRun run) {
    double tokens = 0;
    double weights = 0;
    List<CalibrationRun.Stage> stages = run.stages();
    for (int i = 0; i < stages.size(); i++) {
      CalibrationRun.Stage stage = stages.get(i);
      JsonNode raw = run.raw().path("stages").path(i);
      double mean = meanOutput(stage, raw.path("measured_detail").path("output_len_tokens"));
      if (stage.rateRps() == null || Double.isNaN(mean)) {
        continue;
      }
      JsonNode count = raw.path("num_requests");
      double weight = count.isNumber() ? count.asDouble()
          : stage.rateRps() * (stage.durationS() != null ? stage.durationS() : STEADY_STATE_S);
      tokens += mean * weight;
      weights += weight;
    }
    return weights > 0 ? (int) Math.max(1, Math.round(tokens / weights)) : 0;
  }

  private static double meanOutput(CalibrationRun.Stage stage, JsonNode outputLength) {
    if (outputLength.path("mean").isNumber()) {
      return outputLength.path("mean").asDouble();
    }
    Double e2e = stage.measured().get(FidelityMetric.E2E_MEAN);
    Double ttft = stage.measured().get(FidelityMetric.TTFT_MEAN);
    Double tpot = stage.measured().get(FidelityMetric.TPOT_MEAN);
    if (e2e == null || ttft == null || tpot == null || !(tpot > 0) || !(e2e > ttft)) {
      return Double.NaN;
    }
    return (e2e - ttft) / tpot + 1;
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
