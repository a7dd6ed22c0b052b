package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.NvmlP2pStatus;
import dev.fabricplanner.core.record.SizeSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CUDA probe found, as capability record (schema v1) parts: the GPUs, both orders of every
 * GPU pair, one {@code cuda} fabric per kind of copy with its status, and every copy test as a
 * link. Add them to a record with {@link #addTo(CapabilityRecord.Builder)}, or hand the lists to
 * whatever assembles the host's record.
 *
 * <p>Providers: {@code cuda_ipc} for copies from a buffer another process exported, {@code
 * cuda_peer} for cudaMemcpyPeer, {@code cuda_memcpy} for copies within a GPU or to and from host
 * memory. CUDA IPC links come first, so a planner that takes the first measurement between two GPUs
 * uses the cross-process one. The fabric name is {@value #FABRIC_NAME}: these fabrics never leave
 * the host.
 */
public record CudaRecordParts(
    List<Gpu> gpus,
    List<dev.fabricplanner.core.record.GpuPair> gpuPairs,
    List<Fabric> fabrics,
    List<LinkMeasurement> links) {
  public static final String FABRIC_NAME = "cuda";
  public static final String PROVIDER_IPC = "cuda_ipc";
  public static final String PROVIDER_PEER = "cuda_peer";
  public static final String PROVIDER_MEMCPY = "cuda_memcpy";

  public CudaRecordParts {
    gpus = List.copyOf(gpus);
    gpuPairs = List.copyOf(gpuPairs);
    fabrics = List.copyOf(fabrics);
    links = List.copyOf(links);
  }

  /**
   * The inventory and the test results measured on host {@code hostId}.
   *
   * @param results from {@link CudaProbe#runIpcTests} or a session's {@link IpcExchange#borrow},
   *     {@link CudaProbe#runTests} and {@link CudaProbe#importAndCopy}, in any order
   */
  public static CudaRecordParts of(
      String hostId, GpuInventory inventory, List<CopyTestResult> results, Instant measuredAt) {
    List<Gpu> gpus = new ArrayList<>();
    for (GpuInfo gpu : inventory.gpus()) {
      gpus.add(
          new Gpu(
              gpu.uuid(),
              gpu.index(),
              gpu.name(),
              gpu.vramBytes(),
              gpu.pciBusId(),
              gpu.numaNode() < 0 ? null : gpu.numaNode()));
    }
    List<dev.fabricplanner.core.record.GpuPair> pairs = new ArrayList<>();
    for (GpuPair pair : inventory.pairs()) {
      String a = inventory.gpus().get(pair.gpuA()).uuid();
      String b = inventory.gpus().get(pair.gpuB()).uuid();
      pairs.add(recordPair(pair, a, b, pair.peerAccessAtoB()));
      pairs.add(recordPair(pair, b, a, pair.peerAccessBtoA()));
    }
    Map<String, List<CopyTestResult>> byProvider = new LinkedHashMap<>();
    for (String provider : List.of(PROVIDER_IPC, PROVIDER_PEER, PROVIDER_MEMCPY)) {
      byProvider.put(provider, new ArrayList<>());
    }
    results.forEach(r -> byProvider.get(provider(r.kind())).add(r));
    List<Fabric> fabrics = new ArrayList<>();
    byProvider.forEach(
        (provider, tests) -> {
          if (!tests.isEmpty()) {
            fabrics.add(fabric(provider, tests));
          }
        });
    List<LinkMeasurement> links =
        byProvider.values().stream()
            .flatMap(List::stream)
            .filter(CudaRecordParts::hasEnds)
            .map(r -> link(hostId, inventory, r, measuredAt))
            .toList();
    return new CudaRecordParts(gpus, pairs, fabrics, links);
  }

  /** When CUDA could not be opened: one skipped cuda fabric carrying the reason. */
  public static CudaRecordParts skipped(String reason) {
    return unusable(FabricStatus.SKIPPED, reason);
  }

  /** When CUDA opened but reading the GPUs failed: one failed cuda fabric carrying the reason. */
  public static CudaRecordParts failed(String reason) {
    return unusable(FabricStatus.FAILED, reason);
  }

  private static CudaRecordParts unusable(FabricStatus status, String reason) {
    return new CudaRecordParts(
        List.of(),
        List.of(),
        List.of(
            new Fabric(
                PROVIDER_IPC,
                Backend.CUDA,
                PROVIDER_IPC,
                null,
                FABRIC_NAME,
                null,
                status,
                reason,
                null,
                null,
                null)),
        List.of());
  }

  /** Adds every part to a record being built. */
  public void addTo(CapabilityRecord.Builder builder) {
    gpus.forEach(builder::gpu);
    gpuPairs.forEach(builder::gpuPair);
    fabrics.forEach(builder::fabric);
    links.forEach(builder::link);
  }

  /** A link needs a GPU at one end at least, and a CUDA IPC link a known exporter GPU. */
  private static boolean hasEnds(CopyTestResult result) {
    return result.kind() == CopyKind.IPC
        ? result.srcGpu() >= 0 && result.dstGpu() >= 0
        : result.srcGpu() >= 0 || result.dstGpu() >= 0;
  }

  static String provider(CopyKind kind) {
    return switch (kind) {
      case IPC -> PROVIDER_IPC;
      case PEER -> PROVIDER_PEER;
      case DEVICE_TO_DEVICE, HOST_TO_DEVICE, DEVICE_TO_HOST -> PROVIDER_MEMCPY;
    };
  }

  private static dev.fabricplanner.core.record.GpuPair recordPair(
      GpuPair pair, String from, String to, boolean peerAccess) {
    return new dev.fabricplanner.core.record.GpuPair(
        from,
        to,
        peerAccess,
        pair.nvlinkCount() > 0,
        pair.nvlinkCount(),
        pathClass(pair.pathClass()),
        p2pStatus(pair));
  }

  /**
   * NCCL has no NODE class; like NCCL, a path between host bridges of one NUMA node counts as PHB.
   */
  static dev.fabricplanner.core.record.PathClass pathClass(PathClass path) {
    return switch (path) {
      case NVL -> dev.fabricplanner.core.record.PathClass.NVL;
      case PIX -> dev.fabricplanner.core.record.PathClass.PIX;
      case PXB -> dev.fabricplanner.core.record.PathClass.PXB;
      case PHB, NODE -> dev.fabricplanner.core.record.PathClass.PHB;
      case SYS -> dev.fabricplanner.core.record.PathClass.SYS;
      case UNKNOWN -> null;
    };
  }

  /**
   * Ok only when NVML allows both reads and writes; otherwise the first refusal; null when unknown.
   */
  static NvmlP2pStatus p2pStatus(GpuPair pair) {
    if (pair.p2pRead() == P2pStatus.NOT_PROBED) {
      return null;
    }
    P2pStatus status = pair.p2pRead() != P2pStatus.OK ? pair.p2pRead() : pair.p2pWrite();
    return status == P2pStatus.NOT_PROBED ? null : NvmlP2pStatus.valueOf(status.name());
  }

  private static Fabric fabric(String provider, List<CopyTestResult> tests) {
    FabricStatus status = FabricStatus.SKIPPED;
    String reason = null;
    for (CopyTestResult test : tests) {
      if (test.outcome() == CopyTestResult.Outcome.OK) {
        status = FabricStatus.OK;
        reason = null;
        break;
      }
      if (test.outcome() == CopyTestResult.Outcome.FAILED && status != FabricStatus.FAILED) {
        status = FabricStatus.FAILED;
        reason = test.label() + ": " + test.reason();
      } else if (reason == null) {
        reason = test.label() + ": " + test.reason();
      }
    }
    return new Fabric(
        provider,
        Backend.CUDA,
        provider,
        null,
        FABRIC_NAME,
        null,
        status,
        reason,
        null,
        null,
        null);
  }

  private static LinkMeasurement link(
      String hostId, GpuInventory inventory, CopyTestResult result, Instant measuredAt) {
    LinkMeasurement.Builder link =
        LinkMeasurement.builder(
                endpoint(hostId, inventory, result.srcGpu()),
                endpoint(hostId, inventory, result.dstGpu()),
                Backend.CUDA,
                provider(result.kind()),
                FABRIC_NAME)
            .measuredAt(measuredAt)
            .warmupIterations(result.warmups())
            .payloadVerified(result.payloadVerified());
    for (CopySample s : result.samples()) {
      link.sample(
          new SizeSample(
              s.sizeBytes(),
              s.latencyP50Us(),
              s.latencyP99Us(),
              s.bandwidthBytesPerSec(),
              s.noisePct(),
              s.iterations()));
    }
    GpuPair pair = null;
    if (result.srcGpu() >= 0 && result.dstGpu() >= 0 && result.srcGpu() != result.dstGpu()) {
      pair = inventory.pair(result.srcGpu(), result.dstGpu()).orElse(null);
      if (pair != null) {
        link.facts(new LinkFacts(pathClass(pair.pathClass()), p2pStatus(pair), null, null, gpuPath(pair)));
      }
    }
    if (result.outcome() == CopyTestResult.Outcome.FAILED) {
      link.failed(result.reason());
    } else if (result.outcome() == CopyTestResult.Outcome.SKIPPED) {
      link.skipped(result.reason());
    }
    LinkMeasurement built = link.build();
    if (pair != null && built.ok() && pair.nvlinkCount() > 0) {
      GpuInfo gpu = inventory.gpus().get(result.srcGpu());
      return built.withShortfall(NvlinkSpeed.shortfall(gpu.computeCapability(), pair.nvlinkCount(), built.peakBandwidth()));
    }
    return built;
  }

  /**
   * How bytes travel between two different GPUs of this host: NVLink when NVML counts links between
   * them, CUDA IPC over PCIe when peer access is on without NVLink; null when peer access is off (the
   * copy is then staged through host memory by the driver, a path the record has no name for).
   */
  static GpuPath gpuPath(GpuPair pair) {
    if (pair.nvlinkCount() > 0) {
      return GpuPath.NVLINK;
    }
    return pair.peerAccessible() ? GpuPath.CUDA_IPC_PCIE : null;
  }

  private static Endpoint endpoint(String hostId, GpuInventory inventory, int gpu) {
    return gpu < 0
        ? Endpoint.hostMemory(hostId)
        : Endpoint.gpu(hostId, inventory.gpus().get(gpu).uuid());
  }
}
