package dev.fabricplanner.sim.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.ExperimentWorkload;
import dev.fabricplanner.sim.config.LoadStage;
import dev.fabricplanner.sim.config.SharedPrefixWorkload;
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
    String workload;
    if (trace != null && run.everyStageKnown()) {
      workload = traceWorkload(trace);
      notes.add("replayed " + trace.getFileName());
    } else {
      try {
        int measuredOutput = measuredOutputTokens(run);
        workload = sharedPrefixWorkload(run, simulated, durations, measuredOutput);
        if (measuredOutput > 0) {
          notes.add("answers of " + measuredOutput + " tokens, the measured mean (configured "
              + run.raw().path("workload").path("shared_prefix").path("output_len_tokens").asInt()
              + ": some streams ended early)");
        }
      } catch (InvalidInputException e) {
        return ExperimentFidelity.skipped(id, e.getMessage());
      }
    }
    double arrivalsS = durations.stream().mapToDouble(Double::doubleValue).sum();
    String yaml = configYaml(run, pricing, workload, arrivalsS);
    RequestOutcomes outcomes = new RequestOutcomes();
    SimulationResult result;
    try {
      SimulationConfig config = ConfigLoader.parse(yaml, "fidelity:" + id);
      result = Simulation.run(config, STRATEGY, provider, StrategyParams.none(STRATEGY),
          ProgressListener.NONE, outcomes);
    } catch (InvalidInputException e) {
      return ExperimentFidelity.skipped(id, e.getMessage());
    }
    long unfinished = result.requests().inFlight() + result.requests().dropped()
        + result.requests().failed();
    if (unfinished > 0) {
      notes.add(String.format(Locale.ROOT,
          "%d of %d requests unfinished (in flight %.0f s after the last arrival, dropped or failed)",
          unfinished, result.requests().arrived(), DRAIN_S));
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
    return new ExperimentFidelity(id, true, String.join("; ", notes), summary, stages, percentiles);
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

  private static String traceWorkload(Path trace) {
    return "  trace:\n    file: " + quoted(trace.toAbsolutePath().toString()) + "\n    format: replay\n";
  }

  /**
   * The mean answer length the client measured over the run's stages (weighted by requests), or 0
   * where it was not recorded. The client asked for a fixed length with ignore_eos, yet a share of
   * streams ended early (in 20260217-155451 about 40 %, uniformly shorter): answers of the measured
   * mean keep the decode work, and with it E2E, comparable; their spread is not reproduced.
   */
  static int measuredOutputTokens(CalibrationRun run) {
    double tokens = 0;
    double requests = 0;
    for (JsonNode stage : run.raw().path("stages")) {
      JsonNode mean = stage.path("measured_detail").path("output_len_tokens").path("mean");
      JsonNode count = stage.path("num_requests");
      if (!mean.isNumber() || !count.isNumber()) {
        return 0;
      }
      tokens += mean.asDouble() * count.asDouble();
      requests += count.asDouble();
    }
    return requests > 0 ? (int) Math.max(1, Math.round(tokens / requests)) : 0;
  }

  /** The experiment's shared_prefix workload over the stages that can be simulated. */
  private static String sharedPrefixWorkload(
      CalibrationRun run, List<CalibrationRun.Stage> stages, List<Double> durations,
      int measuredOutput) throws InvalidInputException {
    ObjectNode copy = run.raw().deepCopy();
    ArrayNode list = copy.putArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      list.addObject().put("arrival_rate_rps", stages.get(i).rateRps())
          .put("duration_s", durations.get(i));
    }
    SharedPrefixWorkload w = ExperimentWorkload.of(copy);
    StringBuilder yaml = new StringBuilder();
    yaml.append("  shared_prefix:\n")
        .append("    num_groups: ").append(w.numGroups()).append('\n')
        .append("    num_prompts_per_group: ").append(w.numPromptsPerGroup()).append('\n')
        .append("    system_prompt_len: ").append(w.systemPromptLen()).append('\n')
        .append("    question_len: ").append(w.questionLen()).append('\n')
        .append("    question_len_std: ").append(number(w.questionLenStd())).append('\n')
        .append("    output_len: ").append(measuredOutput > 0 ? measuredOutput : w.outputLen())
        .append('\n')
        .append("    output_len_std: ").append(number(w.outputLenStd())).append('\n')
        .append("    enable_multi_turn_chat: ").append(w.multiTurnChat()).append('\n')
        .append("  stages:\n");
    for (LoadStage stage : w.stages()) {
      yaml.append("    - { rate_rps: ").append(number(stage.rateRps()))
          .append(", duration_s: ").append(number(stage.durationS())).append(" }\n");
    }
    return yaml.toString();
  }

  /** A one-server fleet: the experiment's model on TP GPUs with its knobs, no network, live signals. */
  private String configYaml(CalibrationRun run, Pricing pricing, String workload, double arrivalsS) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("seed: ").append(seed).append('\n')
        .append("duration_s: ").append(number(arrivalsS + DRAIN_S)).append('\n')
        .append("warmup_s: 0\n")
        .append("workload:\n")
        .append("  duration_s: ").append(number(arrivalsS)).append('\n')
        .append(workload)
        .append("topology:\n  cells: 1\n  nodes_per_cell: 1\n")
        .append("  gpu_profiles:\n    - name: ").append(quoted(run.gpu())).append("\n      share: 1\n")
        .append("  engine:\n")
        .append("    model: ").append(quoted(run.model())).append('\n')
        .append("    gpu: ").append(quoted(run.gpu())).append('\n')
        .append("    tp: ").append(run.tp()).append('\n')
        .append("    block_size: ").append(run.blockSize()).append('\n');
    if (pricing.file() != null) {
      yaml.append("    coefficients: ").append(quoted(pricing.file().toString())).append('\n');
    }
    if (run.maxNumBatchedTokens() > 0) {
      yaml.append("    max_num_batched_tokens: ").append(run.maxNumBatchedTokens()).append('\n');
    }
    if (run.maxNumSeqs() > 0) {
      yaml.append("    max_num_seqs: ").append(run.maxNumSeqs()).append('\n');
    }
    if (run.gpuMemoryUtilization() != null) {
      yaml.append("    gpu_memory_utilization: ")
          .append(number(run.gpuMemoryUtilization())).append('\n');
    }
    yaml.append("network:\n  intra_cell_rtt_ms: { dist: constant, value: 0 }\n")
        .append("signals:\n  queue_depth_ms: { min: 0, max: 0 }\n  vram_ms: { min: 0, max: 0 }\n")
        .append("  transport_ms: { intra_cell: [0, 0] }\n")
        .append("strategies: [").append(STRATEGY).append("]\n");
    return yaml.toString();
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
