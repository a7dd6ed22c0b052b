package dev.fabricplanner.core.pipeline;

import dev.fabricplanner.core.record.WireValue;

/** Element type of activations, which sets the bytes a token's hidden state takes on the wire. */
public enum Dtype implements WireValue {
  FP32(4),
  BF16(2),
  FP16(2),
  FP8(1),
  INT8(1);

  private final int bytes;

  Dtype(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
