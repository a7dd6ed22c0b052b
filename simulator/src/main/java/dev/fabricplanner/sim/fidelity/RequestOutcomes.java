package dev.fabricplanner.sim.fidelity;

import dev.fabricplanner.sim.metrics.RequestOutcomeListener;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every measured completion of one simulated experiment, kept whole (a few tens of thousands of
 * requests) so that any arrival window's means and percentiles are exact, computed as the measuring
 * client computed them.
 */
final class RequestOutcomes implements RequestOutcomeListener {
  private final double clientTimeoutMs;
  private long timedOut;
  private double[] arrivalMs = new double[1024];
  private double[] ttftMs = new double[1024];
  private double[] e2eMs = new double[1024];
  private int[] outputTokens = new int[1024];
  private int count;

  /**
   * @param clientTimeoutMs the measuring client gives up on a request after this long and records it
   *     as a failure, not a latency: a completion later than that is counted in {@link #timedOut()}
   */
  RequestOutcomes(double clientTimeoutMs) {
    this.clientTimeoutMs = clientTimeoutMs;
  }

  @Override
  public void completed(double arrival, double ttft, double e2e, int output) {
    if (e2e > clientTimeoutMs) {
      timedOut++;
      return;
    }
    if (count == arrivalMs.length) {
      int size = count * 2;
      arrivalMs = Arrays.copyOf(arrivalMs, size);
      ttftMs = Arrays.copyOf(ttftMs, size);
      e2eMs = Arrays.copyOf(e2eMs, size);
      outputTokens = Arrays.copyOf(outputTokens, size);
    }
    arrivalMs[count] = arrival;
    ttftMs[count] = ttft;
    e2eMs[count] = e2e;
    outputTokens[count] = output;
    count++;
  }

  int count() {
    return count;
  }

  /** Completions the client would have recorded as failures: later than its timeout. */
  long timedOut() {
    return timedOut;
  }

  /** Completions of requests that arrived in [fromMs, toMs). */
  int count(double fromMs, double toMs) {
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (arrivalMs[i] >= fromMs && arrivalMs[i] < toMs) {
        n++;
      }
    }
    return n;
  }

  /**
   * The fidelity metrics over requests that arrived in [fromMs, toMs); empty when none completed. TPOT
   * is (E2E mean − TTFT mean) / (mean output tokens − 1), the calibration data's own definition.
   */
  Map<FidelityMetric, Double> figures(double fromMs, double toMs) {
    int n = count(fromMs, toMs);
    Map<FidelityMetric, Double> figures = new EnumMap<>(FidelityMetric.class);
    if (n == 0) {
      return figures;
    }
    double[] ttft = new double[n];
    double[] e2e = new double[n];
    double outputSum = 0;
    int k = 0;
    for (int i = 0; i < count; i++) {
      if (arrivalMs[i] >= fromMs && arrivalMs[i] < toMs) {
        ttft[k] = ttftMs[i];
        e2e[k] = e2eMs[i];
        outputSum += outputTokens[i];
        k++;
      }
    }
    double ttftMean = mean(ttft);
    double e2eMean = mean(e2e);
    double outputMean = outputSum / n;
    figures.put(FidelityMetric.TTFT_MEAN, ttftMean);
    figures.put(FidelityMetric.E2E_MEAN, e2eMean);
    if (outputMean > 1) {
      figures.put(FidelityMetric.TPOT_MEAN, (e2eMean - ttftMean) / (outputMean - 1));
    }
    Arrays.sort(ttft);
    Arrays.sort(e2e);
    figures.put(FidelityMetric.TTFT_P90, percentile(ttft, 90));
    figures.put(FidelityMetric.E2E_P90, percentile(e2e, 90));
    return figures;
  }

  /** TTFT (or E2E) percentiles of every completion, sorted values. */
  double[] sortedTtftMs() {
    double[] values = Arrays.copyOf(ttftMs, count);
    Arrays.sort(values);
    return values;
  }

  double[] sortedE2eMs() {
    double[] values = Arrays.copyOf(e2eMs, count);
    Arrays.sort(values);
    return values;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * The q-th percentile of sorted values, interpolated linearly between closest ranks: numpy's default,
   * which the measuring client (inference-perf) used.
   */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double rank = q / 100 * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }
}
