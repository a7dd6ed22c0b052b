package dev.fabricplanner.strategy.kvaware;

import java.util.SplittableRandom;

/** Picking among scored candidates: the lowest cost, or a draw weighted toward it. */
final class Softmax {
  private Softmax() {}

  /** Position of the lowest value; ties go to the lowest node, so the answer is order-free. */
  static int lowest(double[] values, int count, int[] nodes) {
    int best = 0;
    for (int i = 1; i < count; i++) {
      if (values[i] < values[best] || (values[i] == values[best] && nodes[i] < nodes[best])) {
        best = i;
      }
    }
    return best;
  }

  /**
   * A position drawn with probability proportional to exp(-v / temperature), where v is the value
   * rescaled to [0, 1] over the candidates (as Dynamo normalises its cost logits before sampling),
   * so the temperature means the same whatever the costs' scale.
   */
  static int sampleLowest(double[] values, int count, double temperature, SplittableRandom random) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
    double range = max > min ? max - min : 1;
    double total = 0;
    for (int i = 0; i < count; i++) {
      total += Math.exp(-(values[i] - min) / range / temperature);
    }
    double draw = random.nextDouble() * total;
    for (int i = 0; i < count; i++) {
      draw -= Math.exp(-(values[i] - min) / range / temperature);
      if (draw < 0) {
        return i;
      }
    }
    return count - 1;
  }
}
