package dev.fabricplanner.sim.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.json.JsonDocuments;
import dev.fabricplanner.core.json.StrictObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The versioned coefficients file {@code planner calibrate} writes and the simulator reads: the
 * roofline's fitted efficiencies and first-token terms (for any model × GPU × TP), linear
 * coefficients per model × GPU × TP it was fitted on, what it was fitted on, and its errors. Layout in
 * docs/EXECUTION-MODEL.md.
 */
public final class CoefficientsFile {
  public static final int SCHEMA_VERSION = 1;

  /** One model × GPU × TP's linear coefficients. */
  public record LinearEntry(String model, String gpu, int tp, LinearStepModel.Coefficients coefficients,
      String fittedOn) {}

  /** What the simulator needs from a coefficients file. */
  public record Fitted(RooflineEfficiencies efficiencies, FirstTokenLatency firstToken,
      List<LinearEntry> linear, String source, List<String> fittedOnIds) {

    public Fitted {
      linear = List.copyOf(linear);
      fittedOnIds = List.copyOf(fittedOnIds);
    }

    /** The linear model fitted for this model × GPU × TP, if the file has one. */
    public Optional<LinearStepModel> linearFor(ModelSpec model, GpuSpec gpu, int tp) {
      for (LinearEntry entry : linear) {
        if (entry.model().equalsIgnoreCase(model.name()) && entry.gpu().equalsIgnoreCase(gpu.name())
            && entry.tp() == tp) {
          return Optional.of(new LinearStepModel(entry.coefficients(), entry.fittedOn()));
        }
      }
      return Optional.empty();
    }

    /**
     * The step model for a model × GPU × TP: its fitted linear coefficients where the file has them,
     * else the roofline with the fitted efficiencies.
     */
    public ExecutionModel executionModel(ModelSpec model, GpuSpec gpu, int tp) {
      Optional<LinearStepModel> fitted = linearFor(model, gpu, tp);
      return fitted.isPresent() ? fitted.get() : new RooflineModel(model, gpu, tp, efficiencies);
    }
  }

  private CoefficientsFile() {}

  /** Writes the result of a calibration, atomically (an existing file is replaced whole or kept). */
  public static void write(Path target, Calibration.Result result, String tool, String experiments)
      throws IOException {
    AtomicFile.writeString(target, JsonDocuments.print(toJson(result, tool, experiments)));
  }

  static ObjectNode toJson(Calibration.Result result, String tool, String experiments) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("kind", "fabric-planner execution-model coefficients");
    root.put("tool", tool);
    root.put("experiments_file", experiments);
    root.put("split", result.split().description());
    strings(root.putArray("fitted_on"), result.fittedOn());
    strings(root.putArray("held_out"), result.heldOut());
    strings(root.putArray("skipped"), result.skipped());
    RooflineEfficiencies e = result.efficiencies();
    ObjectNode roofline = root.putObject("roofline");
    roofline.put("gemm", e.gemm());
    roofline.put("memory", e.memory());
    roofline.put("kv_read", e.kvRead());
    roofline.put("prefill_attention", e.prefillAttention());
    roofline.put("link", e.link());
    roofline.put("step_overhead_ms", e.stepOverheadMs());
    roofline.put("sequence_overhead_ms", e.sequenceOverheadMs());
    ObjectNode firstToken = root.putObject("first_token");
    firstToken.put("fixed_ms", result.firstToken().fixedMs());
    firstToken.put("steps", result.firstToken().steps());
    ArrayNode linear = root.putArray("linear");
    for (Calibration.ClassFit fit : result.classes()) {
      ObjectNode entry = linear.addObject();
      entry.put("model", fit.model());
      entry.put("gpu", fit.gpu());
      entry.put("tp", fit.tp());
      strings(entry.putArray("experiment_ids"), fit.experimentIds());
      LinearStepModel.Coefficients c = fit.coefficients();
      ObjectNode coefficients = entry.putObject("coefficients");
      coefficients.put("constant_ms", c.constantMs());
      coefficients.put("per_prefill_token_ms", c.perPrefillTokenMs());
      coefficients.put("per_decode_sequence_ms", c.perDecodeSequenceMs());
      coefficients.put("per_context_token_ms", c.perContextTokenMs());
      coefficients.put("per_attention_pair_ms", c.perAttentionPairMs());
      ArrayNode residuals = entry.putArray("residuals");
      for (Calibration.Prediction p : fit.residuals()) {
        ObjectNode row = residuals.addObject();
        row.put("stage", p.stage().label());
        row.put("measured_tpot_ms", p.stage().measuredTpotMs());
        row.put("fitted_tpot_ms", p.estimate().tpotMs());
        row.put("error_pct", p.tpotErrorPct());
      }
    }
    ObjectNode evaluation = root.putObject("evaluation");
    evaluation.put("note", "tpot is the step-time prediction (mean step while decoding); ttft and e2e"
        + " are analytic stage estimates from it, not simulations. Predictions use only the workload"
        + " (rate, prompt and output lengths); errors are absolute percentages.");
    ArrayNode predictions = evaluation.putArray("predictions");
    for (Calibration.Prediction p : result.predictions()) {
      ObjectNode row = predictions.addObject();
      row.put("stage", p.stage().label());
      row.put("model", p.stage().model().name());
      row.put("method", p.method());
      row.put("fitted_without", p.fittedWithout());
      ObjectNode measured = row.putObject("measured_ms");
      measured.put("tpot", p.stage().measuredTpotMs());
      measured.put("ttft", p.stage().measuredTtftMs());
      measured.put("e2e", p.stage().measuredE2eMs());
      ObjectNode predicted = row.putObject("predicted_ms");
      predicted.put("tpot", p.estimate().tpotMs());
      predicted.put("ttft", p.estimate().ttftMs());
      predicted.put("e2e", p.estimate().e2eMs());
      ObjectNode error = row.putObject("error_pct");
      error.put("tpot", p.tpotErrorPct());
      error.put("ttft", p.ttftErrorPct());
      error.put("e2e", p.e2eErrorPct());
    }
    ObjectNode medians = evaluation.putObject("median_error_pct");
    for (String method : result.methods()) {
      Calibration.Medians m = result.medians(method);
      ObjectNode row = medians.putObject(method);
      row.put("stages", m.stages());
      row.put("tpot", m.tpotPct());
      row.put("ttft", m.ttftPct());
      row.put("e2e", m.e2ePct());
    }
    return root;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  /** The resource fitted on every usable stage of shared/data/vllm-calibration (H100, vLLM V1). */
  private static final String BUILT_IN = "calibrated.json";

  /**
   * The coefficients shipped with the simulator: {@code planner calibrate} on every usable stage of
   * shared/data/vllm-calibration (regenerate with that command when the models change; a test checks
   * that a fresh fit matches). Use {@link Fitted#executionModel} for any model × GPU × TP.
   */
  public static Fitted builtIn() {
    try (InputStream in = CoefficientsFile.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BUILT_IN + " is missing from the simulator jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Reads a coefficients file; every problem is one line naming the file and the field. */
  public static Fitted read(Path file) throws InvalidInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the coefficients file: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  private static Fitted parse(String text, String file) throws InvalidInputException {
    StrictObject.Problems problems = new StrictObject.Problems(file);
    JsonNode tree = JsonDocuments.parse(text, problems);
    StrictObject root = StrictObject.root(tree, problems);
    Fitted fitted = null;
    if (root != null) {
      Integer version = root.requiredInt("schema_version", 1, Integer.MAX_VALUE);
      if (version != null && version != SCHEMA_VERSION) {
        root.problem("schema_version", String.format(Locale.ROOT,
            "wanted %d (this build's format), got %d; rerun planner calibrate", SCHEMA_VERSION,
            version));
      }
      RooflineEfficiencies efficiencies = efficiencies(root.requiredObject("roofline"));
      FirstTokenLatency firstToken = firstToken(root.requiredObject("first_token"));
      List<LinearEntry> linear = new ArrayList<>();
      String tool = root.optionalString("tool");
      for (StrictObject entry : root.objectArray("linear", true)) {
        LinearEntry read = linearEntry(entry, file + (tool == null ? "" : " (" + tool + ")"));
        if (read != null) {
          linear.add(read);
        }
      }
      if (efficiencies != null && firstToken != null && problems.isEmpty()) {
        List<String> fittedOn = new ArrayList<>();
        tree.path("fitted_on").forEach(id -> fittedOn.add(id.asText()));
        fitted = new Fitted(efficiencies, firstToken, linear, file, fittedOn);
      }
    }
    if (!problems.isEmpty() || fitted == null) {
      throw new InvalidInputException(problems.lines());
    }
    return fitted;
  }

  private static RooflineEfficiencies efficiencies(StrictObject o) {
    if (o == null) {
      return null;
    }
    Double gemm = o.requiredDouble("gemm", 0, true);
    Double memory = o.requiredDouble("memory", 0, true);
    Double kvRead = o.requiredDouble("kv_read", 0, true);
    Double attention = o.requiredDouble("prefill_attention", 0, true);
    Double link = o.requiredDouble("link", 0, true);
    Double step = o.requiredDouble("step_overhead_ms", 0, false);
    Double sequence = o.requiredDouble("sequence_overhead_ms", 0, false);
    o.rejectUnknownFields();
    if (gemm == null || memory == null || kvRead == null || attention == null || link == null
        || step == null || sequence == null) {
      return null;
    }
    for (double fraction : new double[] {gemm, memory, kvRead, attention, link}) {
      if (fraction > 1.5) {
        o.problem(null, "wanted efficiencies at most 1.5 (fractions of peak), got " + fraction);
        return null;
      }
    }
    return new RooflineEfficiencies(gemm, memory, kvRead, attention, link, step, sequence);
  }

  private static FirstTokenLatency firstToken(StrictObject o) {
    if (o == null) {
      return null;
    }
    Double fixed = o.requiredDouble("fixed_ms", 0, false);
    Double steps = o.requiredDouble("steps", 0, false);
    o.rejectUnknownFields();
    return fixed == null || steps == null ? null : new FirstTokenLatency(fixed, steps);
  }

  private static LinearEntry linearEntry(StrictObject o, String source) {
    String model = o.requiredString("model");
    String gpu = o.requiredString("gpu");
    Integer tp = o.requiredInt("tp", 1, 1024);
    StrictObject c = o.requiredObject("coefficients");
    if (c == null || model == null || gpu == null || tp == null) {
      return null;
    }
    Double constant = c.requiredDouble("constant_ms", 0, false);
    Double prefill = c.requiredDouble("per_prefill_token_ms", 0, false);
    Double decode = c.requiredDouble("per_decode_sequence_ms", 0, false);
    Double context = c.requiredDouble("per_context_token_ms", 0, false);
    Double pairs = c.requiredDouble("per_attention_pair_ms", 0, false);
    c.rejectUnknownFields();
    if (constant == null || prefill == null || decode == null || context == null || pairs == null) {
      return null;
    }
    return new LinearEntry(model, gpu, tp,
        new LinearStepModel.Coefficients(constant, prefill, decode, context, pairs), source);
  }
}
