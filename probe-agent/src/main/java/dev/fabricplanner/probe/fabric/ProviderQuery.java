package dev.fabricplanner.probe.fabric;

/**
 * What to ask fi_getinfo for; null fields are left open (the CLI's --provider, --endpoint-type,
 * --domain and --src-node).
 *
 * @param provider provider name ("tcp", "shm", "verbs"...), or null for any
 * @param endpointType endpoint type, or null for any
 * @param domain domain name ("lo", "mlx5_0"...), or null for any
 * @param srcNode local address to bind to ("127.0.0.1"), or null for the provider's default
 */
public record ProviderQuery(
    String provider, EndpointType endpointType, String domain, String srcNode) {

  public static ProviderQuery any() {
    return new ProviderQuery(null, null, null, null);
  }

  public static ProviderQuery of(String provider, EndpointType endpointType) {
    return new ProviderQuery(provider, endpointType, null, null);
  }

  public ProviderQuery withSrcNode(String node) {
    return new ProviderQuery(provider, endpointType, domain, node);
  }

  public ProviderQuery withDomain(String name) {
    return new ProviderQuery(provider, endpointType, name, srcNode);
  }

  @Override
  public String toString() {
    return (provider == null ? "any provider" : provider)
        + (endpointType == null ? "" : " " + endpointType.cliName())
        + (domain == null ? "" : " domain " + domain)
        + (srcNode == null ? "" : " src " + srcNode);
  }
}
