package dev.fabricplanner.sim.exec;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Time to first token as a function of the step time, beyond the prefill itself:
 * {@code TTFT = fixedMs + steps × mean step + extra prefill time}. {@code steps} counts the wait for
 * the running step (half a step on average), the step that computes the first token, and any step
 * of delay before the token is streamed (vLLM V1 processes a step's output while the next runs);
 * {@code fixedMs} is the front end (HTTP, tokenization, detokenization). Fitted by least squares on
 * the measured stages; the step engine can charge the same terms per request.
 */
public record FirstTokenLatency(double fixedMs, double steps) {

  /** Before any fit: wait half a step, compute one, no front-end time. */
  public static final FirstTokenLatency DEFAULTS = new FirstTokenLatency(0, 1.5);

  /**
   * Fits {@code measured TTFT − extra prefill time = fixedMs + steps × mean step} over the stages,
   * with both terms kept >= their floors (0 ms, one step).
   */
  static FirstTokenLatency fit(List<StageObservation> stages, ToDoubleFunction<StageObservation> step,
      ToDoubleFunction<StageObservation> extraPrefillMs) {
    int n = stages.size();
    if (n < 2) {
      return DEFAULTS;
    }
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (StageObservation stage : stages) {
      double x = step.applyAsDouble(stage);
      double y = stage.measuredTtftMs() - extraPrefillMs.applyAsDouble(stage);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double denominator = n * sxx - sx * sx;
    double slope = denominator > 0 ? (n * sxy - sx * sy) / denominator : DEFAULTS.steps;
    double intercept = (sy - slope * sx) / n;
    if (slope < 1) {
      slope = 1;
      intercept = (sy - sx) / n;
    }
    if (intercept < 0) {
      intercept = 0;
      slope = Math.max(1, sxy / sxx);
    }
    return new FirstTokenLatency(intercept, slope);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.2f ms + %.3f steps", fixedMs, steps);
  }
}
