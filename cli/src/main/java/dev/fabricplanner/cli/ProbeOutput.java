package dev.fabricplanner.cli;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.HostSoftware;
import dev.fabricplanner.core.record.Provenance;
import dev.fabricplanner.probe.cuda.CudaLibraryPaths;
import dev.fabricplanner.probe.cuda.CudaVersions;
import dev.fabricplanner.probe.run.BackendCatalog;
import dev.fabricplanner.probe.run.HostSoftwareReader;
import dev.fabricplanner.probe.run.LinkShortfall;
import dev.fabricplanner.probe.cuda.CopySweep;
import dev.fabricplanner.probe.cuda.NvlinkProfile;
import dev.fabricplanner.probe.run.BackendOutcome;
import dev.fabricplanner.probe.run.CapabilityRecordAssembler;
import dev.fabricplanner.probe.run.CudaIpcTest;
import dev.fabricplanner.probe.run.GpuMemoryLinks;
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
   * Prints the shortfall flags first, then the outcomes and the nvlink profile if asked, and writes the
   * record atomically.
   *
   * @param sessionIpc the session's CUDA IPC test (serve/join), or null to run the IPC test here with a
   *     child exporter process (the embedded run)
   */
  static CapabilityRecord finish(
      SessionReport report,
      ProbeOptions options,
      BackendCatalog.Selection selection,
      CudaIpcTest sessionIpc,
      GpuMemoryLinks.Outcome gpuMemory,
      Path output,
      PrintWriter out,
      PrintWriter err) {
    NvlinkProfile.Result cuda = cudaProfile(options, report.local().hostId(), sessionIpc, err);
    CapabilityRecord.Builder builder = recordBuilder(List.of(report), cuda, selection);
    if (gpuMemory != null) {
      gpuMemory.links().forEach(builder::link); // beside the host-memory links of the same providers
    }
    CapabilityRecord record = builder.build();
    printShortfalls(record, out);
    printOutcomes(report, out);
    printUnavailable(selection, out);
    if (gpuMemory != null) {
      gpuMemory.lines().forEach(out::println);
    }
    if (cuda != null) {
      cuda.lines().forEach(out::println);
    }
    write(record, output, out);
    return record;
  }

  /** One table per backend of a session. */
  static void printOutcomes(SessionReport report, PrintWriter out) {
    for (BackendOutcome outcome : report.outcomes()) {
      SweepTable.print(out, outcome);
    }
  }

  static void printUnavailable(BackendCatalog.Selection selection, PrintWriter out) {
    for (Fabric fabric : selection.unavailable()) {
      out.printf("%s: %s (%s)%n", fabric.id(), fabric.status().wire(), fabric.reason());
    }
  }

  /** Links far below their path's nominal speed, with the likely cause; or why none was flagged. */
  static void printShortfalls(CapabilityRecord record, PrintWriter out) {
    LinkShortfall.report(record).forEach(out::println);
    out.flush();
  }

  /** The CUDA copy tests on this host's own GPUs when nvlink is asked for, else null; print its lines. */
  static NvlinkProfile.Result cudaProfile(ProbeOptions options, String hostId, CudaIpcTest sessionIpc, PrintWriter err) {
    if (!options.wants("nvlink")) {
      return null;
    }
    err.println("probing CUDA/NVLink ...");
    err.flush();
    return sessionIpc == null
        ? NvlinkProfile.run(hostId, cudaSweep(options), true, Clock.systemUTC())
        : NvlinkProfile.run(hostId, cudaSweep(options), sessionIpc.results(), Clock.systemUTC());
  }

  /**
   * One host's record from its sessions (one, or one per joiner or campaign peer): provenance
   * {@code measured}, the software it was measured with, fabrics with their NICs, links with their own
   * times, GPU paths and shortfall flags.
   *
   * @param cuda the nvlink profile's parts, or null
   */
  static CapabilityRecord buildRecord(
      List<SessionReport> reports, NvlinkProfile.Result cuda, BackendCatalog.Selection selection) {
    return recordBuilder(reports, cuda, selection).build();
  }

  private static CapabilityRecord.Builder recordBuilder(
      List<SessionReport> reports, NvlinkProfile.Result cuda, BackendCatalog.Selection selection) {
    HostOffer local = reports.get(0).local();
    HostSoftware software =
        HostSoftwareReader.read(selection.libfabricVersion(), CudaVersions.detect(CudaLibraryPaths.fromEnvironment()));
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(
            new HostIdentity(local.hostId(), local.hostname(), versionOf(), Instant.now())
                .withProvenance(Provenance.MEASURED)
                .withSoftware(software));
    if (cuda != null) {
      cuda.parts().addTo(builder);
    }
    CapabilityRecordAssembler.addTo(builder, reports, selection.unavailable());
    return builder;
  }

  /**
   * Writes the record through a temporary file moved into place, so a reader never sees half a record
   * and an earlier one stays whole until the new one is complete.
   */
  static void write(CapabilityRecord record, Path output, PrintWriter out) {
    Path target = output != null ? output : defaultRecordPath(record.host().id());
    try {
      new CapabilityRecordWriter().write(record, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the record to " + target, e);
    }
    out.println("record written to " + target);
    out.flush();
  }

  static String versionOf() {
    String version = ProbeOutput.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-dev" : version;
  }
}
