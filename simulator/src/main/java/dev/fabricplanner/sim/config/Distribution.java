package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * A distribution of sizes or delays, tagged by {@code dist} in YAML (mesh-sim's spelling). Which
 * kinds a field accepts is listed in docs/CONFIG.md; samplers live in the engine.
 */
public sealed interface Distribution {

  /** The mean of the distribution (before any rounding to whole tokens). */
  double mean();

  /** {@code dist: constant} ({@code value}). */
  record Constant(double value) implements Distribution {
    @Override
    public double mean() {
      return value;
    }
  }

  /** {@code dist: poisson} ({@code lambda}, the mean). */
  record Poisson(double lambda) implements Distribution {
    @Override
    public double mean() {
      return lambda;
    }
  }

  /**
   * {@code dist: lognormal}: ln(X) is normal with mean {@code mu} and standard deviation {@code
   * sigma}. YAML may give {@code mu, sigma} (mesh-sim) or the distribution's own {@code mean, std}.
   */
  record LogNormal(double mu, double sigma) implements Distribution {
    /** The lognormal whose own mean and standard deviation are the ones given. */
    public static LogNormal ofMeanAndStd(double mean, double std) {
      double sigmaSquared = Math.log1p((std * std) / (mean * mean));
      return new LogNormal(Math.log(mean) - sigmaSquared / 2, Math.sqrt(sigmaSquared));
    }

    @Override
    public double mean() {
      return Math.exp(mu + sigma * sigma / 2);
    }
  }

  /** {@code dist: exponential} ({@code lambda}, the rate: mean is 1 / lambda). */
  record Exponential(double lambda) implements Distribution {
    @Override
    public double mean() {
      return 1 / lambda;
    }
  }

  /**
   * {@code dist: uniform} on [min, max). The YAML key names follow mesh-sim per field: {@code
   * min_pixels/max_pixels} for image sizes, {@code min_s/max_s} for audio, else {@code min/max}.
   */
  record Uniform(double min, double max) implements Distribution {
    @Override
    public double mean() {
      return (min + max) / 2;
    }
  }

  /** {@code dist: normal} ({@code mean, std}); samples below zero are clamped to zero. */
  record Normal(double mean, double std) implements Distribution {}

  /**
   * {@code dist: discrete}: {@code values[i]} with probability {@code weights[i] / sum(weights)}.
   * YAML may give {@code values} and {@code weights}, or mesh-sim's {@code sizes: [[value, weight],
   * ...]}.
   */
  record Discrete(List<Double> values, List<Double> weights) implements Distribution {
    public Discrete {
      values = List.copyOf(values);
      weights = List.copyOf(weights);
      if (values.size() != weights.size() || values.isEmpty()) {
        throw new IllegalArgumentException("a discrete distribution needs one weight per value");
      }
    }

    @Override
    public double mean() {
      double total = 0;
      double weighted = 0;
      for (int i = 0; i < values.size(); i++) {
        total += weights.get(i);
        weighted += weights.get(i) * values.get(i);
      }
      return weighted / total;
    }
  }
}
