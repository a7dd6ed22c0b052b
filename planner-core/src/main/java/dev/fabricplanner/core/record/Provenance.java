package dev.fabricplanner.core.record;

/**
 * Where a record came from: a probe run on the host, or a hand-written example. The planner says so
 * when it plans on example records, so that an example's figures are never taken for a fleet's.
 */
public enum Provenance implements WireValue {
  /** Written by probe-agent from its own measurements. */
  MEASURED,
  /** Written by hand (examples/records, documentation, tests). */
  EXAMPLE;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
