package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.StageSweepPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the requested profiles into the backends this host can test and the fabrics it cannot (each
 * with the reason). CUDA/NVLink is not here: its copy tests run within the host, apart from any peer,
 * and its IPC test between two agents on one host is {@link CudaIpcTest}.
 */
public final class BackendCatalog {
  /**
   * What a host can offer a peer, and what it found unusable.
   *
   * @param libfabricVersion fi_version of the libfabric bound ("1.17"), or null when none was loaded
   */
  public record Selection(
      List<ProbeBackend> backends, List<Fabric> unavailable, List<String> notes, String libfabricVersion) {
    public Selection {
      backends = List.copyOf(backends);
      unavailable = List.copyOf(unavailable);
      notes = List.copyOf(notes);
    }
  }

  private BackendCatalog() {}

  /**
   * @param stage the QUIC transport the stage test runs on
   * @param network the IP network name QUIC is recorded under ("loopback" for the embedded run)
   */
  public static Selection select(
      ProbeOptions options, QuicTransport stage, String network, Consumer<String> progress) {
    // libfabric is loaded only when asked for: loading it is not free (its providers' fault handlers
    // have to be put back after discovery, which LibfabricBackends does).
    boolean wantsLibfabric =
        options.profiles().stream().anyMatch(p -> dev.fabricplanner.probe.fabric.ProbeProfile.parse(p) != null);
    if (!wantsLibfabric) {
      return select(options, null, stage, network, progress);
    }
    return select(options, LibfabricBackends.load(), stage, network, progress);
  }

  /**
   * As above, with libfabric already loaded (or not: then each libfabric profile is skipped with the
   * reason; null when no libfabric profile is wanted).
   */
  public static Selection select(
      ProbeOptions options,
      dev.fabricplanner.probe.fabric.LibfabricLoad libfabric,
      QuicTransport stage,
      String network,
      Consumer<String> progress) {
    List<ProbeBackend> backends = new ArrayList<>();
    List<Fabric> unavailable = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // QUIC runs over the libfabric tests' sizes, so every backend's curve has the same points.
    StageSweepPlan plan =
        (options.quick() ? StageSweepPlan.quick() : StageSweepPlan.full())
            .withSizes(LibfabricBackends.plan(options.quick()).sizes());
    if (libfabric != null) {
      LibfabricBackends.add(
          options, libfabric, LibfabricBackends.plan(options.quick()), backends, unavailable, notes);
    }
    if (options.wants("quic")) {
      backends.add(new QuicProbeBackend(stage, plan, network, progress));
    }
    String version =
        libfabric == null ? null : libfabric.libraryIfLoaded().map(dev.fabricplanner.probe.fabric.Libfabric::version).orElse(null);
    return new Selection(backends, unavailable, notes, version);
  }
}
