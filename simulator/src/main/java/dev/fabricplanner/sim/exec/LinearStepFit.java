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
 *
 * <p>The attention-pair coefficient is capped at the roofline's cost per pair. The measured stages'
 * prompts are short (a few hundred to two thousand tokens), where prefill tokens and attention pairs
 * grow together, so the fit can load the whole prefill onto the quadratic term: Llama-2-7B's came out
 * 25 times the physics and made a 15k-token prompt take seconds per chunk. Past the cap the pair term
 * is the physics and the rest is refitted around it, so long prompts extrapolate as FLOPs do.
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
  /** Index of the attention-pair coefficient in {@link LinearStepModel.Coefficients#toArray}. */
  private static final int ATTENTION_PAIRS = 4;
  private static final int PREFILL_TOKENS = 1;

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
    double[] fixed = new double[5];
    boolean[] pinned = new boolean[5];
    double pairCap = roofline.msPerAttentionPair();
    double tokenFloor = roofline.msPerComputedToken();
    while (true) {
      double[] betas = solve(rows, targets, weights, pinned, fixed);
      boolean changed = false;
      for (int j = 0; j < betas.length; j++) {
        if (pinned[j]) {
          continue;
        }
        if (betas[j] < 0 && j != PREFILL_TOKENS) {
          pinned[j] = true;
          fixed[j] = 0;
          changed = true;
        } else if (j == ATTENTION_PAIRS && betas[j] > pairCap) {
          pinned[j] = true;
          fixed[j] = pairCap;
          changed = true;
        } else if (j == PREFILL_TOKENS && betas[j] < tokenFloor) {
          pinned[j] = true;
          fixed[j] = tokenFloor;
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

  /** Least squares over the coefficients not pinned; a pinned one keeps its {@code fixed} value. */
  private static double[] solve(List<double[]> rows, List<Double> targets, List<Double> weights,
      boolean[] pinned, double[] fixed) {
    int free = 0;
    for (boolean p : pinned) {
      free += p ? 0 : 1;
    }
    if (free == 0) {
      return fixed.clone();
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
      double known = 0;
      for (int j = 0; j < 5; j++) {
        known += pinned[j] ? fixed[j] * rows.get(i)[j] : 0;
      }
      y[i] = (targets.get(i) - known) * rowWeight;
    }
    RealMatrix design = new Array2DRowRealMatrix(x, false);
    double[] solved = new QRDecomposition(design).getSolver()
        .solve(new ArrayRealVector(y, false)).toArray();
    double[] betas = new double[5];
    int c = 0;
    for (int j = 0; j < 5; j++) {
      betas[j] = pinned[j] ? fixed[j] : solved[c++] / scale[j];
    }
    return betas;
  }
}
