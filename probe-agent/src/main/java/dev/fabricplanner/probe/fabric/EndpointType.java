package dev.fabricplanner.probe.fabric;

import java.util.Locale;

/** libfabric endpoint types we probe; the lower-case name is the CLI spelling. */
public enum EndpointType {
  MSG(FiAbi.FI_EP_MSG),
  DGRAM(FiAbi.FI_EP_DGRAM),
  RDM(FiAbi.FI_EP_RDM);

  final int code;

  EndpointType(int code) {
    this.code = code;
  }

  static EndpointType fromCode(int code) {
    for (EndpointType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }

  /** "rdm", "dgram" or "msg". */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "rdm", "dgram" or "msg" (any case); null for anything else. */
  public static EndpointType parse(String text) {
    for (EndpointType type : values()) {
      if (type.name().equalsIgnoreCase(text)) {
        return type;
      }
    }
    return null;
  }

  /** Reliable endpoints deliver in order; datagram ones may drop or reorder. */
  public boolean reliable() {
    return this != DGRAM;
  }
}
