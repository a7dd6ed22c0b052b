package dev.fabricplanner.probe.quic;

import dev.fabricplanner.core.record.SizeSample;
import java.util.List;
import java.util.Map;

/**
 * A measured QUIC stage-transport sweep.
 *
 * @param sweep one sample per size, ascending, every payload verified
 * @param warmupIterations untimed ping-pongs before each small size
 * @param settings the QUIC settings the figures were measured with ({@link QuicTransportSettings#describe})
 */
public record QuicStageResult(List<SizeSample> sweep, int warmupIterations, Map<String, String> settings) {
  public QuicStageResult {
    sweep = List.copyOf(sweep);
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }
}
