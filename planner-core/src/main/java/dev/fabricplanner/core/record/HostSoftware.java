package dev.fabricplanner.core.record;

import java.util.Objects;

/**
 * The software a host's figures were measured with, so that two records can be compared (a libfabric
 * or driver upgrade changes results). The agent's version stays in {@link HostIdentity#agentVersion()}.
 *
 * @param agentCommit the probe-agent build's git commit, or null when the build did not know it
 * @param libfabricVersion {@code fi_version()} as "major.minor" (e.g. "1.17"), or null without libfabric
 * @param kernel the kernel release ({@code uname -r})
 * @param os the operating system (e.g. "Debian GNU/Linux 12 (bookworm)")
 * @param cudaRuntime {@code cudaRuntimeGetVersion} (e.g. "12.4"), or null without CUDA
 * @param cudaDriver {@code cudaDriverGetVersion}: the newest CUDA the driver supports, or null
 * @param nvmlDriver {@code nvmlSystemGetDriverVersion} (e.g. "550.54.15"), or null without NVML
 */
public record HostSoftware(
    String agentCommit,
    String libfabricVersion,
    String kernel,
    String os,
    String cudaRuntime,
    String cudaDriver,
    String nvmlDriver) {
  public HostSoftware {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(os, "os");
  }
}
