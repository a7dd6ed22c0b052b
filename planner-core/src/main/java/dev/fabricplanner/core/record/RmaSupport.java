package dev.fabricplanner.core.record;

/** Whether a provider's RMA write is done by the NIC or emulated in software over messages. */
public enum RmaSupport implements WireValue {
  NATIVE,
  EMULATED,
  NONE;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
