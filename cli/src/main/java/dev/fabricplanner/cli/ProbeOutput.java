package dev.fabricplanner.cli;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.probe.cuda.CopySweep;
import dev.fabricplanner.probe.cuda.NvlinkProfile;
import dev.fabricplanner.probe.run.BackendOutcome;
import dev.fabricplanner.probe.run.CapabilityRecordAssembler;
import dev.fabricplanner.probe.run.CudaIpcTest;
import dev.fabricplanner.probe.run.HostOffer;
import dev.fabricplanner.probe.run.ProbeOptions;
import dev.fabricplanner.probe.run.SessionReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** What run and serve do after a session: print a table per backend, add CUDA, write the record. */
final class ProbeOutput {
  private ProbeOutput() {}

  /** What the offer says about GPUs: the CUDA probe's inventory lines, or its skip reason. */
  static List<String> gpuSummary(ProbeOptions options) {
    return options.wants("nvlink") ? NvlinkProfile.describeHost() : List.of();
  }

  /** The CUDA copy sizes: the libfabric tests' sizes, so every curve has the same points. */
  static CopySweep cudaSweep(ProbeOptions options) {
    return CopySweep.of(
        (options.quick() ? dev.fabricplanner.probe.fabric.TestPlan.quick() : dev.fabricplanner.probe.fabric.TestPlan.standard())
            .sizes().stream().map(Integer::longValue).toList());
  }

  /** A serve/join session's CUDA IPC test when nvlink is asked for, else null. */
  static CudaIpcTest cudaIpcTest(ProbeOptions options) {
    return options.wants("nvlink") ? new CudaIpcTest(cudaSweep(options)) : null;
  }

  /** The offer, saying this agent takes part in the CUDA IPC test when it has one and sees a GPU. */
  static HostOffer withCudaIpc(HostOffer offer, CudaIpcTest ipc) {
    return offer.withCudaIpc(ipc != null && CudaIpcTest.gpuVisible());
  }

  static Path defaultRecordPath(String hostId) {
    return Path.of("records", hostId + ".json");
  }

  /**
   * Prints the outcomes, adds the nvlink profile if asked, writes the record atomically; returns its path.
   *
   * @param sessionIpc the session's CUDA IPC test (serve/join), or null to run the IPC test here with a
   *     child exporter process (the embedded run)
   */
  static Path finish(
      SessionReport report,
      ProbeOptions options,
      List<Fabric> unavailable,
      CudaIpcTest sessionIpc,
      Path output,
      PrintWriter out,
      PrintWriter err) {
    printOutcomes(report, out);
    for (Fabric fabric : unavailable) {
      out.printf("%s: %s (%s)%n", fabric.id(), fabric.status().wire(), fabric.reason());
    }
    NvlinkProfile.Result cuda = cudaProfile(options, report.local().hostId(), sessionIpc, out, err);
    return writeRecord(List.of(report), cuda, unavailable, output, out);
  }

  /** One table per backend of a session. */
  static void printOutcomes(SessionReport report, PrintWriter out) {
    for (BackendOutcome outcome : report.outcomes()) {
      SweepTable.print(out, outcome);
    }
  }

  /** The CUDA copy tests on this host's own GPUs when nvlink is asked for (printed), else null. */
  static NvlinkProfile.Result cudaProfile(
      ProbeOptions options, String hostId, CudaIpcTest sessionIpc, PrintWriter out, PrintWriter err) {
    if (!options.wants("nvlink")) {
      return null;
    }
    err.println("probing CUDA/NVLink ...");
    err.flush();
    NvlinkProfile.Result cuda =
        sessionIpc == null
            ? NvlinkProfile.run(hostId, cudaSweep(options), true, Clock.systemUTC())
            : NvlinkProfile.run(hostId, cudaSweep(options), sessionIpc.results(), Clock.systemUTC());
    cuda.lines().forEach(out::println);
    return cuda;
  }

  /**
   * Writes one host's record from its sessions (one, or one per joiner or campaign peer) through a
   * temporary file moved into place, so a reader never sees half a record and an earlier one stays
   * whole until the new one is complete.
   *
   * @param cuda the nvlink profile's parts, or null
   */
  static Path writeRecord(
      List<SessionReport> reports, NvlinkProfile.Result cuda, List<Fabric> unavailable, Path output, PrintWriter out) {
    HostOffer local = reports.get(0).local();
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(new HostIdentity(local.hostId(), local.hostname(), versionOf(), Instant.now()));
    if (cuda != null) {
      cuda.parts().addTo(builder);
    }
    CapabilityRecordAssembler.addTo(builder, reports, unavailable);
    Path target = output != null ? output : defaultRecordPath(local.hostId());
    try {
      new CapabilityRecordWriter().write(builder.build(), target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the record to " + target, e);
    }
    out.println("record written to " + target);
    out.flush();
    return target;
  }

  static String versionOf() {
    String version = ProbeOutput.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-dev" : version;
  }
}
