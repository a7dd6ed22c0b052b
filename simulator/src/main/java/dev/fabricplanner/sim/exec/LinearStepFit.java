package dev.fabricplanner.sim.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fits one model × GPU × TP's {@link LinearStepModel} by least squares. A class has two to six
 * measured stages for five coefficients, so the fit is anchored to the roofline: besides the
 * measured stages (each a mean step: linear, so mean features give the mean step exactly), it sees
 * the roofline's step times on a grid of batches, weighted {@link #PRIOR_WEIGHT} each. The measured
 * stages decide the directions they inform; the roofline fills the rest (a ridge toward physics).
 * Every row is scaled by its target so the fit minimizes relative error. A coefficient that comes
 * out negative is pinned to 0 and the rest refitted.
 */
public final class LinearStepFit {
  /**
   * Weight of one roofline grid point relative to one measured stage: just enough to settle the
   * directions the stages leave open. Chosen among 0.0001 to 3 on the leave-one-experiment-out
   * errors of the calibration runs (docs/FIDELITY.md says so): heavier priors pull every class
   * toward the roofline's per-model bias (TPOT median 3.4 % at 0.001, 11.5 % at 0.1, 16 % at 3).
   */
  static final double PRIOR_WEIGHT = 0.001;

  private static final int[] GRID_DECODES = {1, 8, 32, 64, 128};
  private static final int[] GRID_PREFILL = {0, 256, 1024};
  private static final int[] GRID_CONTEXT = {512, 2048};

  private LinearStepFit() {}

  /** Coefficients for the class of {@code roofline}, fitted on its measured {@code stages}. */
  public static LinearStepModel.Coefficients fit(
      RooflineModel roofline, List<StageObservation> stages) {
    List<double[]> rows = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (StageObservation stage : stages) {
      rows.add(meanFeatures(stage));
      targets.add(stage.measuredTpotMs());
      weights.add(1.0);
    }
    StepBatch batch = new StepBatch();
    for (int decodes : GRID_DECODES) {
      for (int prefill : GRID_PREFILL) {
        for (int context : GRID_CONTEXT) {
          batch.clear();
          for (int i = 0; i < decodes; i++) {
            batch.addDecode(context);
          }
          if (prefill > 0) {
            batch.addPrefillChunk(prefill, 0);
          }
          rows.add(new double[] {1, batch.prefillTokens, batch.decodeSequences,
              batch.decodeContextTokens, batch.prefillAttentionPairs});
          targets.add(roofline.stepMs(batch));
          weights.add(PRIOR_WEIGHT);
        }
      }
    }
    boolean[] pinned = new boolean[5];
    while (true) {
      double[] betas = solve(rows, targets, weights, pinned);
      boolean changed = false;
      for (int j = 0; j < betas.length; j++) {
        if (betas[j] < 0) {
          pinned[j] = true;
          changed = true;
        }
      }
      if (!changed) {
        return LinearStepModel.Coefficients.of(betas);
      }
    }
  }

  /**
   * The mean step's features in a measured stage: per step, prefill tokens (rate × TPOT × uncached
   * prompt), decode sequences (Little's law), context tokens read, and prefill attention pairs.
   */
  static double[] meanFeatures(StageObservation stage) {
    double prefillsPerStep = stage.rateRps() * stage.measuredTpotMs() / 1000.0;
    double uncached = stage.uncachedTokens();
    double decodes = stage.measuredDecodeSequences();
    return new double[] {
      1,
      prefillsPerStep * uncached,
      decodes,
      decodes * stage.meanDecodeContext(),
      prefillsPerStep * uncached * (stage.cachedTokens() + (uncached + 1) / 2)
    };
  }

  private static double[] solve(
      List<double[]> rows, List<Double> targets, List<Double> weights, boolean[] pinned) {
    int free = 0;
    for (boolean p : pinned) {
      free += p ? 0 : 1;
    }
    double[][] x = new double[rows.size()][free];
    double[] y = new double[rows.size()];
    // Columns are scaled to unit size so that tokens (10^3) and attention pairs (10^6) condition alike.
    double[] scale = new double[5];
    for (double[] row : rows) {
      for (int j = 0; j < 5; j++) {
        scale[j] = Math.max(scale[j], Math.abs(row[j]));
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      double rowWeight = Math.sqrt(weights.get(i)) / targets.get(i);
      int c = 0;
      for (int j = 0; j < 5; j++) {
        if (!pinned[j]) {
          x[i][c++] = rows.get(i)[j] / scale[j] * rowWeight;
        }
      }
      y[i] = targets.get(i) * rowWeight;
    }
    RealMatrix design = new Array2DRowRealMatrix(x, false);
    double[] solved = new QRDecomposition(design).getSolver()
        .solve(new ArrayRealVector(y, false)).toArray();
    double[] betas = new double[5];
    int c = 0;
    for (int j = 0; j < 5; j++) {
      betas[j] = pinned[j] ? 0 : solved[c++] / scale[j];
    }
    return betas;
  }
}
