package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code network} and {@code signals}; every key defaults to {@link ReferenceConfig}. */
final class NetworkReader {
  private NetworkReader() {}

  static NetworkConfig network(YamlMap root) {
    Optional<YamlMap> found = root.map("network");
    if (found.isEmpty()) {
      return ReferenceConfig.NETWORK;
    }
    YamlMap map = found.get();
    NetworkConfig defaults = ReferenceConfig.NETWORK;
    Distribution rtt =
        DistributionReader.read(
            map, "intra_cell_rtt_ms", DistributionField.LATENCY_MS, defaults.intraCellRttMs());
    VivaldiConfig coords =
        map.map("inter_cell_coords").map(NetworkReader::vivaldi).orElse(defaults.interCellCoords());
    BandwidthConfig bandwidth =
        map.map("bw_mbps").map(NetworkReader::bandwidth).orElse(defaults.bwMbps());
    map.finish();
    return new NetworkConfig(rtt, coords, bandwidth);
  }

  private static VivaldiConfig vivaldi(YamlMap map) {
    VivaldiConfig defaults = ReferenceConfig.NETWORK.interCellCoords();
    VivaldiConfig coords =
        new VivaldiConfig(
            (int) map.integer("dim", defaults.dim(), Bound.integerIn(1, 64)),
            map.number("base_rtt_ms", defaults.baseRttMs(), Bound.nonNegative()),
            map.number("noise", defaults.noise(), Bound.unitInterval()));
    map.finish();
    return coords;
  }

  private static BandwidthConfig bandwidth(YamlMap map) {
    BandwidthConfig defaults = ReferenceConfig.NETWORK.bwMbps();
    BandwidthConfig bandwidth =
        new BandwidthConfig(
            map.integer("intra_cell", defaults.intraCell(), Bound.integerAtLeast(1)),
            map.integer("inter_region", defaults.interRegion(), Bound.integerAtLeast(1)));
    map.finish();
    return bandwidth;
  }

  static SignalConfig signals(YamlMap root) {
    Optional<YamlMap> found = root.map("signals");
    if (found.isEmpty()) {
      return ReferenceConfig.SIGNALS;
    }
    YamlMap map = found.get();
    SignalConfig defaults = ReferenceConfig.SIGNALS;
    DelayRange queue =
        map.map("queue_depth_ms").map(NetworkReader::range).orElse(defaults.queueDepthMs());
    DelayRange vram = map.map("vram_ms").map(NetworkReader::range).orElse(defaults.vramMs());
    map.refuse("p95_ms", "no strategy reads a published p95 latency");
    SignalTransport transport =
        map.map("transport_ms").map(NetworkReader::transport).orElse(defaults.transportMs());
    map.finish();
    return new SignalConfig(queue, vram, transport);
  }

  private static DelayRange range(YamlMap map) {
    double min = map.requiredNumber("min", Bound.nonNegative());
    double max = map.requiredNumber("max", Bound.nonNegative());
    map.finish();
    if (max < min) {
      map.problem("max", "must be >= min (" + Bound.format(min) + "), got " + Bound.format(max));
      return new DelayRange(min, min);
    }
    return new DelayRange(min, max);
  }

  private static SignalTransport transport(YamlMap map) {
    SignalTransport defaults = ReferenceConfig.SIGNALS.transportMs();
    DelayRange intra =
        map.value("intra_cell")
            .map(node -> pair(node, map.pathOf("intra_cell"), map))
            .orElse(defaults.intraCell());
    map.refuse(
        "inter_cell",
        "strategies read one fleet-wide view, so every router sees a signal after intra_cell");
    map.finish();
    return new SignalTransport(intra);
  }

  /** mesh-sim's {@code [min, max]} pair. */
  private static DelayRange pair(Node node, String path, YamlMap map) {
    ConfigProblems problems = map.problems();
    List<Node> items = YamlMap.items(node, path, problems).orElse(null);
    if (items == null) {
      return new DelayRange(0, 0);
    }
    if (items.size() != 2) {
      problems.at(
          node, path, "must be a [min, max] pair of milliseconds, got " + items.size() + " items");
      return new DelayRange(0, 0);
    }
    double min =
        YamlScalar.number(items.get(0), path + "[0]", Bound.nonNegative(), problems).orElse(0.0);
    double max =
        YamlScalar.number(items.get(1), path + "[1]", Bound.nonNegative(), problems).orElse(min);
    if (max < min) {
      problems.at(
          items.get(1),
          path + "[1]",
          "must be >= the minimum (" + Bound.format(min) + "), got " + Bound.format(max));
      return new DelayRange(min, min);
    }
    return new DelayRange(min, max);
  }
}
