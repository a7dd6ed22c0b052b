package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.probe.cuda.CudaProbe;
import dev.fabricplanner.probe.fabric.FabricException;
import dev.fabricplanner.probe.fabric.GpuMemoryPingPong;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code probe-agent run --gpu-memory}: after the host-memory tests, each libfabric provider that
 * passed is measured again between buffers on GPU 0 (cudaMalloc'd, registered with FI_HMEM where the
 * provider takes it, staged through host buffers where not). Its links go into the record beside the
 * host-memory ones, GPU to GPU, with {@code gpu_path} saying which way the bytes went.
 */
public final class GpuMemoryLinks {
  /** The links measured, and one line per provider (measured, or why not). */
  public record Outcome(List<LinkMeasurement> links, List<String> lines) {}

  private GpuMemoryLinks() {}

  /**
   * @param passed the session's backends that passed, with their outcomes
   * @param fabrics this host's fabric entries (with NIC facts) for the shortfall check
   */
  public static Outcome measure(
      String hostId, List<BackendOutcome> passed, List<ProbeBackend> backends, List<Fabric> fabrics,
      String srcNode, CudaProbe.Opening cuda, Consumer<String> progress) {
    List<LinkMeasurement> links = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    if (cuda instanceof CudaProbe.Skipped skipped) {
      lines.add("gpu-memory: skipped (" + skipped.reason() + ")");
      return new Outcome(links, lines);
    }
    CudaProbe probe = ((CudaProbe.Available) cuda).probe();
    String gpu = probe.inventory().gpus().get(0).uuid();
    for (BackendOutcome outcome : passed) {
      ProbeBackend backend = backends.stream().filter(b -> b.key().equals(outcome.key())).findFirst().orElse(null);
      if (!(backend instanceof LibfabricProbeBackend libfabric) || outcome.status() != FabricStatus.OK) {
        continue;
      }
      Fabric fabric = outcome.fabric();
      if (!libfabric.reliableDatagrams()) {
        lines.add("gpu-memory " + fabric.provider() + ": skipped (the GPU-memory test runs on rdm endpoints)");
        continue;
      }
      progress.accept("testing " + fabric.provider() + " between GPU buffers ...");
      LinkMeasurement.Builder link =
          LinkMeasurement.builder(Endpoint.gpu(hostId, gpu), Endpoint.gpu(hostId, gpu), Backend.LIBFABRIC,
                  fabric.provider(), fabric.fabricName())
              .domains(fabric.domainName(), fabric.domainName());
      try {
        GpuMemoryPingPong.Result result = libfabric.measureGpuMemory(probe.deviceMemory(0), srcNode);
        link.measuredAt(Instant.now()).warmupIterations(10).payloadVerified(result.payloadVerified())
            .facts(new LinkFacts(null, null, result.hmem(), null, result.gpuPath()));
        if (result.payloadVerified()) {
          result.sweep().forEach(link::sample);
        }
        link.settings(java.util.Map.of(
            "buffers", result.hmem() ? "GPU 0, registered with FI_HMEM_CUDA" : "GPU 0, staged through host buffers",
            "measured_by", "this host (both endpoints in this process)"));
        if (!result.payloadVerified()) {
          link.failed("GPU-memory payload not verified: the last message received differs from what was sent");
        }
        lines.add("gpu-memory " + fabric.provider() + ": " + result.gpuPath().wire()
            + (result.note() == null ? "" : " (" + result.note() + ")"));
      } catch (FabricException | RuntimeException e) {
        link.measuredAt(Instant.now()).failed("GPU-memory test: " + e.getMessage());
        lines.add("gpu-memory " + fabric.provider() + ": failed (" + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      LinkMeasurement built = link.build();
      Fabric described = fabrics.stream().filter(f -> f.id().equals(fabric.id())).findFirst().orElse(fabric);
      NicDirectory.Nic nic = NicDirectory.system().nic(described.provider(), described.domainName());
      links.add(built.withShortfall(LinkShortfall.check(built, described, nic, LinkShortfall.rdmaOk(fabrics))));
    }
    return new Outcome(links, lines);
  }
}
