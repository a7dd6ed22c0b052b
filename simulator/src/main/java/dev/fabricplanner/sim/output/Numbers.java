package dev.fabricplanner.sim.output;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting shared by the CSV and table writers: locale-free, stable across runs. */
public final class Numbers {
  private static final MathContext SIGNIFICANT = new MathContext(9);
  private static final MathContext READABLE = new MathContext(4);

  private Numbers() {}

  /** Nine significant digits, no exponent for ordinary magnitudes, no trailing zeros. */
  public static String format(double value) {
    return rounded(value, SIGNIFICANT);
  }

  /** Four significant digits, for figures people read rather than parse. */
  public static String readable(double value) {
    return rounded(value, READABLE);
  }

  private static String rounded(double value, MathContext digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(value).round(digits).stripTrailingZeros().toPlainString();
  }
}
