package dev.fabricplanner.sim.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Fits the execution models on measured stages and reports their error on stages they were not
 * fitted on. The roofline's efficiencies are fitted once over every model (so that models, GPUs and
 * TP degrees outside the data are priced by physics with fitted corrections); each model × GPU × TP
 * in the data also gets linear coefficients anchored to that roofline.
 *
 * <p>Splits: {@link Split#HOLDOUT} leaves the named experiments out of every fit and predicts them;
 * {@link Split#LEAVE_ONE_MODEL_OUT} refits the roofline once per model without it and predicts it
 * (as for a model the data lacks), and refits per experiment without it to judge the linear
 * coefficients; {@link Split#NONE} fits on everything and reports in-sample residuals. The
 * coefficients written are always those fitted on every stage outside the hold-out.
 */
public final class Calibration {
  private Calibration() {}

  public enum Split {
    NONE("none: fitted on every stage, errors are in-sample"),
    HOLDOUT("holdout: the named experiments are left out of every fit and predicted"),
    LEAVE_ONE_MODEL_OUT("leave-one-model-out: the roofline is refitted without each model and"
        + " predicts it; linear coefficients are refitted without each experiment and predict it");

    private final String description;

    Split(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** One model × GPU × TP's fitted coefficients and how they fit their own stages. */
  public record ClassFit(
      String model,
      String gpu,
      int tp,
      LinearStepModel.Coefficients coefficients,
      List<String> experimentIds,
      List<Prediction> residuals) {}

  /**
   * One stage predicted by one method ("roofline" or "linear") from the workload alone.
   *
   * @param fittedWithout what the fit that made this prediction left out
   */
  public record Prediction(StageObservation stage, String method, String fittedWithout,
      StageEstimate estimate) {

    public double tpotErrorPct() {
      return percent(estimate.tpotMs(), stage.measuredTpotMs());
    }

    public double ttftErrorPct() {
      return percent(estimate.ttftMs(), stage.measuredTtftMs());
    }

    public double e2eErrorPct() {
      return percent(estimate.e2eMs(), stage.measuredE2eMs());
    }

    private static double percent(double predicted, double measured) {
      return 100.0 * Math.abs(predicted - measured) / measured;
    }
  }

  public record Result(
      Split split,
      RooflineEfficiencies efficiencies,
      FirstTokenLatency firstToken,
      List<ClassFit> classes,
      List<String> fittedOn,
      List<String> heldOut,
      List<Prediction> predictions,
      List<String> skipped) {

    /** The prediction methods present, in first-seen order. */
    public List<String> methods() {
      List<String> methods = new ArrayList<>();
      for (Prediction p : predictions) {
        if (!methods.contains(p.method())) {
          methods.add(p.method());
        }
      }
      return methods;
    }

    /** Median absolute percentage errors of one method's predictions. */
    public Medians medians(String method) {
      List<Prediction> rows = predictions.stream().filter(p -> p.method().equals(method)).toList();
      return new Medians(rows.size(),
          median(rows.stream().map(Prediction::tpotErrorPct).toList()),
          median(rows.stream().map(Prediction::ttftErrorPct).toList()),
          median(rows.stream().map(Prediction::e2eErrorPct).toList()));
    }
  }

  /** Median absolute percentage errors over {@code stages} predictions. */
  public record Medians(int stages, double tpotPct, double ttftPct, double e2ePct) {}

  public static Result run(
      StageObservations.Collected collected, Split split, Set<String> holdoutIds) {
    List<StageObservation> all = collected.observations();
    List<StageObservation> training = select(all, s -> !holdoutIds.contains(s.experimentId()));
    RooflineEfficiencies efficiencies = RooflineFit.fit(training);
    FirstTokenLatency firstToken = fitFirstToken(training, efficiencies);
    List<ClassFit> classes = fitClasses(training, efficiencies, firstToken);
    List<Prediction> predictions = new ArrayList<>();
    switch (split) {
      case NONE -> classes.forEach(c -> predictions.addAll(c.residuals()));
      case HOLDOUT -> {
        for (StageObservation stage : select(all, s -> holdoutIds.contains(s.experimentId()))) {
          String without = "held-out experiments";
          predictions.add(new Prediction(stage, "roofline", without,
              StageEstimate.predict(roofline(stage, efficiencies), stage, firstToken)));
          for (ClassFit fit : classes) {
            if (sameClass(fit, stage)) {
              predictions.add(new Prediction(stage, "linear", without, StageEstimate.predict(
                  new LinearStepModel(fit.coefficients(), "training stages"), stage, firstToken)));
            }
          }
        }
      }
      case LEAVE_ONE_MODEL_OUT -> {
        predictions.addAll(leaveOneModelOut(training));
        predictions.addAll(leaveOneExperimentOut(training));
      }
      default -> throw new IllegalStateException("unknown split " + split);
    }
    Set<String> fittedOn = new LinkedHashSet<>();
    training.forEach(s -> fittedOn.add(s.experimentId()));
    List<String> heldOut = new ArrayList<>();
    for (StageObservation stage : all) {
      if (holdoutIds.contains(stage.experimentId()) && !heldOut.contains(stage.experimentId())) {
        heldOut.add(stage.experimentId());
      }
    }
    return new Result(split, efficiencies, firstToken, classes, List.copyOf(fittedOn), heldOut, predictions,
        collected.skipped());
  }

  private static List<Prediction> leaveOneModelOut(List<StageObservation> stages) {
    List<Prediction> predictions = new ArrayList<>();
    Set<String> models = new LinkedHashSet<>();
    stages.forEach(s -> models.add(s.model().name()));
    for (String model : models) {
      List<StageObservation> rest = select(stages, s -> !s.model().name().equals(model));
      RooflineEfficiencies without = RooflineFit.fit(rest);
      FirstTokenLatency firstToken = fitFirstToken(rest, without);
      for (StageObservation stage : select(stages, s -> s.model().name().equals(model))) {
        predictions.add(new Prediction(stage, "roofline", "model " + model,
            StageEstimate.predict(roofline(stage, without), stage, firstToken)));
      }
    }
    return predictions;
  }

  /** Linear coefficients judged on each experiment of a class that has another to fit on. */
  private static List<Prediction> leaveOneExperimentOut(List<StageObservation> stages) {
    List<Prediction> predictions = new ArrayList<>();
    Set<String> experiments = new LinkedHashSet<>();
    stages.forEach(s -> experiments.add(s.experimentId()));
    for (String experiment : experiments) {
      List<StageObservation> held = select(stages, s -> s.experimentId().equals(experiment));
      StageObservation first = held.get(0);
      List<StageObservation> rest = select(stages, s -> !s.experimentId().equals(experiment));
      List<StageObservation> classRest =
          select(rest, s -> s.engineClass().equals(first.engineClass()));
      if (classRest.isEmpty()) {
        continue;
      }
      RooflineEfficiencies efficiencies = RooflineFit.fit(rest);
      FirstTokenLatency firstToken = fitFirstToken(rest, efficiencies);
      LinearStepModel linear = new LinearStepModel(
          LinearStepFit.fit(roofline(first, efficiencies), classRest), "other experiments");
      for (StageObservation stage : held) {
        predictions.add(new Prediction(stage, "linear", "experiment " + experiment,
            StageEstimate.predict(linear, stage, firstToken)));
      }
    }
    return predictions;
  }

  /** The first-token terms that best fit {@code stages} under the roofline with these efficiencies. */
  private static FirstTokenLatency fitFirstToken(
      List<StageObservation> stages, RooflineEfficiencies efficiencies) {
    return FirstTokenLatency.fit(stages,
        s -> {
          RooflineModel model = roofline(s, efficiencies);
          return StageEstimate.meanStepMs(model, s, StageEstimate.solveBatch(model, s), Double.NaN);
        },
        s -> {
          RooflineModel model = roofline(s, efficiencies);
          return StageEstimate.extraPrefillMs(model, s, StageEstimate.solveBatch(model, s));
        });
  }

  private static List<ClassFit> fitClasses(List<StageObservation> stages,
      RooflineEfficiencies efficiencies, FirstTokenLatency firstToken) {
    Map<String, List<StageObservation>> byClass = new LinkedHashMap<>();
    for (StageObservation stage : stages) {
      byClass.computeIfAbsent(stage.engineClass(), k -> new ArrayList<>()).add(stage);
    }
    List<ClassFit> fits = new ArrayList<>();
    for (List<StageObservation> group : byClass.values()) {
      StageObservation first = group.get(0);
      LinearStepModel.Coefficients coefficients =
          LinearStepFit.fit(roofline(first, efficiencies), group);
      LinearStepModel linear = new LinearStepModel(coefficients, "its own stages");
      Set<String> ids = new LinkedHashSet<>();
      List<Prediction> residuals = new ArrayList<>();
      for (StageObservation stage : group) {
        ids.add(stage.experimentId());
        residuals.add(new Prediction(stage, "linear", "nothing (in-sample)",
            StageEstimate.predict(linear, stage, firstToken)));
      }
      fits.add(new ClassFit(first.model().name(), first.gpu().name(), first.tp(), coefficients,
          List.copyOf(ids), residuals));
    }
    return fits;
  }

  private static boolean sameClass(ClassFit fit, StageObservation stage) {
    return fit.model().equals(stage.model().name()) && fit.gpu().equals(stage.gpu().name())
        && fit.tp() == stage.tp();
  }

  private static RooflineModel roofline(StageObservation stage, RooflineEfficiencies efficiencies) {
    return new RooflineModel(stage.model(), stage.gpu(), stage.tp(), efficiencies);
  }

  private static List<StageObservation> select(
      List<StageObservation> stages, Predicate<StageObservation> keep) {
    List<StageObservation> kept = new ArrayList<>();
    for (StageObservation stage : stages) {
      if (keep.test(stage)) {
        kept.add(stage);
      }
    }
    return kept;
  }

  /** The median of {@code values}; NaN when there are none. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
