package dev.fabricplanner.core.record;

/** libfabric endpoint type (FI_EP_RDM, FI_EP_DGRAM, FI_EP_MSG). */
public enum EndpointType implements WireValue {
  RDM,
  DGRAM,
  MSG;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
