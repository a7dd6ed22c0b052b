package dev.fabricplanner.core.record;

/** An enum constant's spelling in capability-record JSON. */
public interface WireValue {
  /** The exact string written to and read from JSON. */
  String wire();
}
