package dev.fabricplanner.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.json.JsonDocuments;
import dev.fabricplanner.core.json.StrictObject;
import dev.fabricplanner.core.plan.PlannerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pipeline file (JSON; see docs/PLANNER.md) strictly: every problem is one line with the file,
 * the JSON pointer and what is wanted. Stages are given as a list (each with its layers and,
 * optionally, its GPU) or as {@code stage_count}, which splits the layers evenly.
 */
public final class PipelineReader {

  public Pipeline read(Path file) throws InvalidInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); wanted a readable pipeline file");
    }
    return parse(text, file.toString());
  }

  public Pipeline parse(String json, String source) throws InvalidInputException {
    StrictObject.Problems problems = new StrictObject.Problems(source);
    JsonNode node = JsonDocuments.parse(json, problems);
    Pipeline pipeline = null;
    if (node != null) {
      StrictObject root = StrictObject.root(node, problems);
      if (root != null) {
        pipeline = pipeline(root, source);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems.lines());
    }
    return pipeline;
  }

  private static Pipeline pipeline(StrictObject root, String source) {
    root.optionalString("name");
    ModelSpec model = model(root.requiredObject("model"));
    List<StrictObject> stageObjects = root.objectArray("stages", false);
    Integer stageCount = root.optionalInt("stage_count", 1, 4096);
    TrafficSpec traffic = traffic(root.optionalObject("traffic"));
    StrictObject constraints = root.optionalObject("constraints");
    Double cap = null;
    Duration maxAge = PlannerSettings.DEFAULT_MAX_RECORD_AGE;
    double vramFraction = Pipeline.DEFAULT_VRAM_FRACTION;
    if (constraints != null) {
      cap = constraints.optionalDouble("latency_cap_us", 0, true);
      Double hours = constraints.optionalDouble("max_record_age_hours", 0, true);
      if (hours != null) {
        maxAge = Duration.ofSeconds(Math.round(hours * 3600));
      }
      Double fraction = constraints.optionalDouble("vram_fraction", 0, true);
      if (fraction != null) {
        if (fraction > 1) {
          constraints.problem("vram_fraction", "wanted a share from 0 to 1, got " + fraction);
        }
        vramFraction = fraction;
      }
      constraints.rejectUnknownFields();
    }
    long stripeThreshold = PlannerSettings.DEFAULT_STRIPE_THRESHOLD_BYTES;
    StrictObject striping = root.optionalObject("striping");
    if (striping != null) {
      Long threshold = striping.optionalLong("threshold_bytes", 1);
      if (threshold != null) {
        stripeThreshold = threshold;
      }
      striping.rejectUnknownFields();
    }
    List<StageSpec> stages = stages(root, stageObjects, stageCount, model);
    root.rejectUnknownFields();
    if (model == null || traffic == null || stages == null || !root.problems().isEmpty()) {
      return null;
    }
    return new Pipeline(source, model, stages, traffic, cap, maxAge, stripeThreshold, vramFraction);
  }

  private static ModelSpec model(StrictObject o) {
    if (o == null) {
      return null;
    }
    String name = o.requiredString("name");
    Integer layers = o.requiredInt("layers", 1, 100_000);
    Integer hidden = o.requiredInt("hidden_size", 1, Integer.MAX_VALUE);
    Dtype dtype = o.requiredEnum("dtype", Dtype.class, Dtype::wire);
    Long kv = o.requiredLong("kv_bytes_per_token", 0);
    Long weights = o.optionalLong("weights_bytes", 0);
    o.rejectUnknownFields();
    if (name == null || layers == null || hidden == null || dtype == null || kv == null) {
      return null;
    }
    return new ModelSpec(name, layers, hidden, dtype, kv, weights == null ? 0 : weights);
  }

  private static TrafficSpec traffic(StrictObject o) {
    if (o == null) {
      return TrafficSpec.DEFAULT;
    }
    Double tokens = o.optionalDouble("tokens_per_request", 0, false);
    Long kvTokens = o.optionalLong("kv_tokens", 0);
    Double kvTransfers = o.optionalDouble("kv_transfers_per_request", 0, false);
    o.rejectUnknownFields();
    TrafficSpec d = TrafficSpec.DEFAULT;
    return new TrafficSpec(tokens == null ? d.tokensPerRequest() : tokens,
        kvTokens == null ? d.kvTokens() : kvTokens,
        kvTransfers == null ? d.kvTransfersPerRequest() : kvTransfers);
  }

  private static List<StageSpec> stages(
      StrictObject root, List<StrictObject> stageObjects, Integer stageCount, ModelSpec model) {
    boolean listed = root.has("stages");
    if (listed == (stageCount != null)) {
      root.problem(null, "wanted exactly one of \"stages\" (a list) or \"stage_count\"");
      return null;
    }
    if (model == null) {
      return null;
    }
    if (!listed) {
      return evenSplit(model.layers(), stageCount, root, "stage_count");
    }
    if (stageObjects.isEmpty()) {
      root.problem("stages", "wanted at least one stage");
      return null;
    }
    List<Integer> layers = new ArrayList<>();
    List<String> gpus = new ArrayList<>();
    for (StrictObject s : stageObjects) {
      layers.add(s.optionalInt("layers", 1, 100_000));
      gpus.add(s.optionalString("gpu"));
      s.rejectUnknownFields();
    }
    long withLayers = layers.stream().filter(l -> l != null).count();
    long withGpu = gpus.stream().filter(g -> g != null).count();
    if (withGpu != 0 && withGpu != gpus.size()) {
      root.problem("stages", "wanted a \"gpu\" on every stage or on none (the planner places them)");
      return null;
    }
    if (withLayers != 0 && withLayers != layers.size()) {
      root.problem("stages", "wanted \"layers\" on every stage or on none (an even split)");
      return null;
    }
    List<StageSpec> stages = new ArrayList<>();
    if (withLayers == 0) {
      List<StageSpec> even = evenSplit(model.layers(), stageObjects.size(), root, "stages");
      if (even == null) {
        return null;
      }
      for (int i = 0; i < even.size(); i++) {
        stages.add(new StageSpec(even.get(i).layers(), gpus.get(i)));
      }
      return stages;
    }
    int total = layers.stream().mapToInt(Integer::intValue).sum();
    if (total != model.layers()) {
      root.problem("stages", "wanted stage layers summing to the model's " + model.layers()
          + ", got " + total);
      return null;
    }
    for (int i = 0; i < layers.size(); i++) {
      stages.add(new StageSpec(layers.get(i), gpus.get(i)));
    }
    return stages;
  }

  private static List<StageSpec> evenSplit(
      int layers, int count, StrictObject root, String field) {
    if (count > layers) {
      root.problem(field, "wanted at most " + layers + " stages (one layer each), got " + count);
      return null;
    }
    List<StageSpec> stages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Earlier stages take the remainder, one extra layer each.
      stages.add(new StageSpec(layers / count + (i < layers % count ? 1 : 0), null));
    }
    return stages;
  }
}
