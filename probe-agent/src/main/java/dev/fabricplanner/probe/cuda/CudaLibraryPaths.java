package dev.fabricplanner.probe.cuda;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where to look for libcudart and NVML. An explicit path (system property {@code
 * fabricplanner.cudart} or {@code FABRIC_PLANNER_CUDART}; {@code fabricplanner.nvml} or {@code
 * FABRIC_PLANNER_NVML}) is the only candidate when given, so a wrong path is reported as such
 * instead of silently falling back.
 */
public record CudaLibraryPaths(
    Optional<String> cudartOverride, Optional<String> nvmlOverride, Optional<String> cudaHome) {

  public static final String CUDART_PROPERTY = "fabricplanner.cudart";
  public static final String CUDART_ENV = "FABRIC_PLANNER_CUDART";
  public static final String NVML_PROPERTY = "fabricplanner.nvml";
  public static final String NVML_ENV = "FABRIC_PLANNER_NVML";

  /** Reads the overrides and CUDA_HOME from this JVM's properties and environment. */
  public static CudaLibraryPaths fromEnvironment() {
    return from(System.getProperties(), System.getenv());
  }

  static CudaLibraryPaths from(Properties properties, Map<String, String> env) {
    return new CudaLibraryPaths(
        firstNonBlank(properties.getProperty(CUDART_PROPERTY), env.get(CUDART_ENV)),
        firstNonBlank(properties.getProperty(NVML_PROPERTY), env.get(NVML_ENV)),
        firstNonBlank(env.get("CUDA_HOME"), env.get("CUDA_PATH")));
  }

  /** Only the given libcudart, NVML from the usual places. */
  public static CudaLibraryPaths withCudart(String cudart) {
    return new CudaLibraryPaths(Optional.of(cudart), Optional.empty(), Optional.empty());
  }

  /** The given libcudart and NVML files. */
  public static CudaLibraryPaths with(String cudart, String nvml) {
    return new CudaLibraryPaths(Optional.of(cudart), Optional.of(nvml), Optional.empty());
  }

  /**
   * libcudart candidates, newest major first: the loader's search path by soname, then CUDA_HOME
   * and /usr/local/cuda, then the unversioned name a toolkit install links.
   */
  public List<String> cudartCandidates() {
    if (cudartOverride.isPresent()) {
      return List.of(cudartOverride.get());
    }
    LinkedHashSet<String> names =
        new LinkedHashSet<>(List.of("libcudart.so.13", "libcudart.so.12"));
    List<Path> dirs = new ArrayList<>();
    cudaHome.ifPresent(
        home -> {
          dirs.add(Path.of(home, "lib64"));
          dirs.add(Path.of(home, "lib"));
        });
    dirs.add(Path.of("/usr/local/cuda/lib64"));
    for (Path dir : dirs) {
      for (String file : List.of("libcudart.so.13", "libcudart.so.12", "libcudart.so")) {
        names.add(dir.resolve(file).toString());
      }
    }
    names.add("libcudart.so");
    return List.copyOf(names);
  }

  /** NVML candidates: the driver installs libnvidia-ml.so.1 on the loader's path. */
  public List<String> nvmlCandidates() {
    return nvmlOverride.map(List::of).orElse(List.of("libnvidia-ml.so.1", "libnvidia-ml.so"));
  }

  private static Optional<String> firstNonBlank(String first, String second) {
    if (first != null && !first.isBlank()) {
      return Optional.of(first.trim());
    }
    if (second != null && !second.isBlank()) {
      return Optional.of(second.trim());
    }
    return Optional.empty();
  }
}
