package dev.fabricplanner.core.record;

/** What became of probing one fabric. Only {@link #OK} fabrics are planning candidates. */
public enum FabricStatus implements WireValue {
  /** Probed and usable. */
  OK,
  /** Not attempted (library or device absent, not asked for); the reason says which. */
  SKIPPED,
  /** Attempted and failed (open, connect or payload verification); disqualifies the transport. */
  FAILED;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
