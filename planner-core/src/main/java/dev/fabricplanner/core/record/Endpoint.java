package dev.fabricplanner.core.record;

import java.util.Objects;

/**
 * One end of a measured link: a host, and a GPU on it, or host memory when {@code gpu} is null.
 *
 * @param host the host's stable id ({@link HostIdentity#id()})
 * @param gpu the GPU's stable id ({@link Gpu#id()}), or null for host memory
 */
public record Endpoint(String host, String gpu) {
  public Endpoint {
    Objects.requireNonNull(host, "host");
  }

  public static Endpoint hostMemory(String host) {
    return new Endpoint(host, null);
  }

  public static Endpoint gpu(String host, String gpu) {
    return new Endpoint(host, Objects.requireNonNull(gpu, "gpu"));
  }

  @Override
  public String toString() {
    return gpu == null ? host : host + "/" + gpu;
  }
}
