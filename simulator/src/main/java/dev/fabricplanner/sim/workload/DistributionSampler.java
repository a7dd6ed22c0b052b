package dev.fabricplanner.sim.workload;

import dev.fabricplanner.sim.config.Distribution;
import java.util.List;
import java.util.SplittableRandom;

/** Draws from a configured {@link Distribution} without allocating; one instance per distribution. */
public final class DistributionSampler {
  private static final int CONSTANT = 0;
  private static final int POISSON = 1;
  private static final int LOGNORMAL = 2;
  private static final int EXPONENTIAL = 3;
  private static final int UNIFORM = 4;
  private static final int NORMAL = 5;
  private static final int DISCRETE = 6;

  /** Above this mean a Poisson draw uses the normal approximation (error below 1% of a unit). */
  private static final double POISSON_NORMAL_ABOVE = 30;

  private final int kind;
  private final double a;
  private final double b;
  private final double[] values;
  private final double[] cumulative;

  public DistributionSampler(Distribution distribution) {
    double[] vals = null;
    double[] cum = null;
    if (distribution instanceof Distribution.Constant c) {
      kind = CONSTANT;
      a = c.value();
      b = 0;
    } else if (distribution instanceof Distribution.Poisson p) {
      kind = POISSON;
      a = p.lambda();
      b = Math.exp(-p.lambda());
    } else if (distribution instanceof Distribution.LogNormal l) {
      kind = LOGNORMAL;
      a = l.mu();
      b = l.sigma();
    } else if (distribution instanceof Distribution.Exponential e) {
      kind = EXPONENTIAL;
      a = 1 / e.lambda();
      b = 0;
    } else if (distribution instanceof Distribution.Uniform u) {
      kind = UNIFORM;
      a = u.min();
      b = u.max() - u.min();
    } else if (distribution instanceof Distribution.Normal n) {
      kind = NORMAL;
      a = n.mean();
      b = n.std();
    } else if (distribution instanceof Distribution.Discrete d) {
      kind = DISCRETE;
      a = 0;
      b = 0;
      List<Double> weights = d.weights();
      vals = new double[weights.size()];
      cum = new double[weights.size()];
      double total = 0;
      for (int i = 0; i < vals.length; i++) {
        vals[i] = d.values().get(i);
        total += weights.get(i);
        cum[i] = total;
      }
      for (int i = 0; i < cum.length; i++) {
        cum[i] /= total;
      }
    } else {
      throw new IllegalArgumentException("no sampler for " + distribution);
    }
    values = vals;
    cumulative = cum;
  }

  public double sample(SplittableRandom random) {
    switch (kind) {
      case CONSTANT:
        return a;
      case POISSON:
        return poisson(random);
      case LOGNORMAL:
        return Math.exp(a + b * random.nextGaussian());
      case EXPONENTIAL:
        return -a * Math.log(1 - random.nextDouble());
      case UNIFORM:
        return a + b * random.nextDouble();
      case NORMAL:
        return Math.max(0, a + b * random.nextGaussian());
      default:
        return discrete(random.nextDouble());
    }
  }

  private double poisson(SplittableRandom random) {
    if (a > POISSON_NORMAL_ABOVE) {
      return Math.max(0, Math.rint(a + Math.sqrt(a) * random.nextGaussian()));
    }
    int k = 0;
    double product = random.nextDouble();
    while (product > b) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  private double discrete(double u) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > u) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return values[low];
  }
}
