package dev.fabricplanner.strategy.learned;

/**
 * Recursive least squares with exponential forgetting: y ≈ θ·x, refit after every observation in
 * O(k²) for k features, with no stored history. Old observations fade by {@code forgetting} per
 * update, so the fit follows a fleet whose behaviour drifts (load, faults).
 */
public final class RecursiveLeastSquares {
  private final int k;
  private final double forgetting;
  private final double[] theta;
  private final double[][] p;
  private final double[] px;
  private final double maxTrace;
  private long updates;

  /**
   * @param prior initial coefficients, used until observations outweigh them
   * @param priorVariance confidence in the prior: larger trusts data sooner
   * @param forgetting weight kept by past observations per update, 0 < f ≤ 1
   */
  public RecursiveLeastSquares(double[] prior, double priorVariance, double forgetting) {
    this.k = prior.length;
    this.forgetting = forgetting;
    this.theta = prior.clone();
    this.p = new double[k][k];
    for (int i = 0; i < k; i++) {
      p[i][i] = priorVariance;
    }
    this.px = new double[k];
    this.maxTrace = k * priorVariance;
  }

  public double predict(double[] x) {
    double y = 0;
    for (int i = 0; i < k; i++) {
      y += theta[i] * x[i];
    }
    return y;
  }

  public void update(double[] x, double y) {
    double denominator = forgetting;
    for (int i = 0; i < k; i++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += p[i][j] * x[j];
      }
      px[i] = sum;
      denominator += x[i] * sum;
    }
    double error = y - predict(x);
    for (int i = 0; i < k; i++) {
      theta[i] += px[i] / denominator * error;
    }
    // P = (P - Px xᵀP / denominator) / forgetting; P stays symmetric, so xᵀP = (Px)ᵀ.
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        p[i][j] = (p[i][j] - px[i] * px[j] / denominator) / forgetting;
      }
    }
    // Forgetting inflates P along directions the features never excite (wind-up); cap its trace.
    double trace = 0;
    for (int i = 0; i < k; i++) {
      trace += p[i][i];
    }
    if (trace > maxTrace) {
      double scale = maxTrace / trace;
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          p[i][j] *= scale;
        }
      }
    }
    updates++;
  }

  public double[] coefficients() {
    return theta.clone();
  }

  public long updates() {
    return updates;
  }
}
