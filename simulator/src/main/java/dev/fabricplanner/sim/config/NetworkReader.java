package dev.fabricplanner.sim.config;

/**
 * Reads {@code network} and {@code signals} through their key descriptors ({@link ConfigKeys}); every
 * key defaults to {@link ReferenceConfig}.
 */
final class NetworkReader {
  private NetworkReader() {}

  static NetworkConfig network(YamlMap root) {
    return root.map("network").map(ConfigKeys.NETWORK::read).orElse(ReferenceConfig.NETWORK);
  }

  static SignalConfig signals(YamlMap root) {
    return root.map("signals").map(ConfigKeys.SIGNALS::read).orElse(ReferenceConfig.SIGNALS);
  }
}
