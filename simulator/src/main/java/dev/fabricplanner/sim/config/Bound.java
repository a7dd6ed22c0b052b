package dev.fabricplanner.sim.config;

/** What a numeric field accepts, and how to say so in a problem line. */
record Bound(double min, boolean minInclusive, double max, boolean maxInclusive, boolean integer) {

  static Bound anyNumber() {
    return new Bound(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false, false);
  }

  static Bound positive() {
    return new Bound(0, false, Double.POSITIVE_INFINITY, false, false);
  }

  static Bound nonNegative() {
    return new Bound(0, true, Double.POSITIVE_INFINITY, false, false);
  }

  static Bound atLeast(double min) {
    return new Bound(min, true, Double.POSITIVE_INFINITY, false, false);
  }

  /** (0, 1]: a share of something. */
  static Bound fraction() {
    return new Bound(0, false, 1, true, false);
  }

  /** [0, 1]. */
  static Bound unitInterval() {
    return new Bound(0, true, 1, true, false);
  }

  static Bound integerAtLeast(long min) {
    return new Bound(min, true, Double.POSITIVE_INFINITY, false, true);
  }

  static Bound integerIn(long min, long max) {
    return new Bound(min, true, max, true, true);
  }

  boolean accepts(double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    boolean aboveMin = minInclusive ? value >= min : value > min;
    boolean belowMax = maxInclusive ? value <= max : value < max;
    return aboveMin && belowMax;
  }

  /** A value inside the bound, used in place of a bad one so that loading can go on. */
  double placeholder() {
    if (accepts(min)) {
      return min;
    }
    if (accepts(1)) {
      return 1;
    }
    return Double.isFinite(min) ? min + (Double.isFinite(max) ? (max - min) / 2 : 1) : 0;
  }

  /** What is wanted, for a problem line about {@code value} (null when it is not a number). */
  String wanted(Double value) {
    if (integer && max == Integer.MAX_VALUE && value != null && value > max) {
      return "an integer <= " + Integer.MAX_VALUE;
    }
    return describe();
  }

  /** "an integer >= 1", "a number > 0", "a number in (0, 1]"; int's own cap goes unsaid. */
  String describe() {
    String noun = integer ? "an integer" : "a number";
    boolean lowered = Double.isFinite(min);
    boolean capped = Double.isFinite(max) && !(integer && max == Integer.MAX_VALUE);
    if (lowered && capped) {
      return noun
          + " in "
          + (minInclusive ? "[" : "(")
          + format(min)
          + ", "
          + format(max)
          + (maxInclusive ? "]" : ")");
    }
    if (lowered) {
      return noun + (minInclusive ? " >= " : " > ") + format(min);
    }
    if (capped) {
      return noun + (maxInclusive ? " <= " : " < ") + format(max);
    }
    return integer ? noun : "a finite number";
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
