package dev.fabricplanner.probe.cuda;

/**
 * The CUDA runtime, the newest CUDA the driver supports, and the NVML driver version, where present:
 * what a record's GPU figures were measured with. Each is null when its library is absent or does not
 * answer (a host without GPUs, a container without the driver mounted).
 *
 * @param runtime cudaRuntimeGetVersion as "major.minor"
 * @param driver cudaDriverGetVersion as "major.minor" (null when it reports 0: no driver)
 * @param nvmlDriver nvmlSystemGetDriverVersion, e.g. "550.54.15"
 */
public record CudaVersions(String runtime, String driver, String nvmlDriver) {
  public static final CudaVersions NONE = new CudaVersions(null, null, null);

  /** Reads the versions through the libraries {@code paths} finds; never fails, only leaves nulls. */
  public static CudaVersions detect(CudaLibraryPaths paths) {
    String runtime = null;
    String driver = null;
    NativeLibraryLocator.Located<CudartLibrary> cudart =
        NativeLibraryLocator.locate(CudartLibrary.class, paths.cudartCandidates());
    if (cudart.found()) {
      CudaRuntime cuda = new CudaRuntime(cudart.library(), cudart.path());
      try {
        runtime = GpuInventory.version(cuda.runtimeVersion());
        int driverVersion = cuda.driverVersion();
        driver = driverVersion > 0 ? GpuInventory.version(driverVersion) : null;
      } catch (CudaException | UnsatisfiedLinkError e) {
        // a library that does not answer gives no version
      }
    }
    String nvmlDriver = null;
    NvmlSession.Opening nvml = NvmlSession.open(paths);
    if (nvml.session() != null) {
      try (NvmlSession session = nvml.session()) {
        nvmlDriver = session.driverVersion().orElse(null);
      }
    }
    return new CudaVersions(runtime, driver, nvmlDriver);
  }
}
