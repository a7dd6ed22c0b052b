package dev.fabricplanner.sim.workload;

import dev.fabricplanner.sim.config.LoadStage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Arrival times of back-to-back constant-rate stages, as inference-perf's {@code ConstantLoadTimer}
 * makes them: a stage of rate r and length d sends {@code floor(r x d)} requests whose gaps are
 * exponential draws scaled so that they sum to exactly d, so the stage's count is exact and its last
 * request lands on its end. Each stage's gaps come from a seed drawn once; the sum is found by drawing
 * them once and the times by drawing them again, so memory stays flat whatever the stage's length.
 */
final class ConstantRateStages {
  private final List<LoadStage> stages;
  private final SplittableRandom seeds;
  private int stage = -1;
  private double stageStartMs;
  private long left;
  private double scale;
  private SplittableRandom gaps;
  private double lastMs;

  ConstantRateStages(List<LoadStage> stages, SplittableRandom seeds) {
    this.stages = stages;
    this.seeds = seeds;
  }

  /** The next arrival in ms, or {@code +Infinity} after the last stage. */
  double next() {
    while (left == 0) {
      if (stage >= 0) {
        stageStartMs += stages.get(stage).durationS() * 1000;
      }
      if (++stage == stages.size()) {
        return Double.POSITIVE_INFINITY;
      }
      startStage(stages.get(stage));
    }
    left--;
    lastMs += -Math.log(1 - gaps.nextDouble()) * scale;
    return lastMs;
  }

  private void startStage(LoadStage current) {
    long seed = seeds.nextLong();
    left = current.requests();
    SplittableRandom first = new SplittableRandom(seed);
    double sum = 0;
    for (long n = 0; n < left; n++) {
      sum += -Math.log(1 - first.nextDouble());
    }
    scale = sum > 0 ? current.durationS() * 1000 / sum : 0;
    gaps = new SplittableRandom(seed);
    lastMs = stageStartMs;
  }
}
