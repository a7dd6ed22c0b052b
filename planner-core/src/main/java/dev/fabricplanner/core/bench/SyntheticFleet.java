package dev.fabricplanner.core.bench;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.EndpointType;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPair;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.PathClass;
import dev.fabricplanner.core.record.RmaSupport;
import dev.fabricplanner.core.record.SizeSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A made-up fleet for benchmarks and equivalence tests: hosts of four kinds (NVLink hosts on EFA, NVLink
 * hosts on InfiniBand verbs, PCIe-only L40S hosts on tcp, and EFA hosts whose RDMA probe failed), some
 * records stale, and measurements between the first few hosts of each kind only, as a real probe
 * campaign samples a big fleet. The same seed gives the same fleet.
 */
public final class SyntheticFleet {
  private static final long MIB = 1 << 20;
  private static final long[] SIZES = {64, 4096, 65_536, MIB, 16 * MIB, 256 * MIB};

  private SyntheticFleet() {}

  /** hosts hosts of gpusPerHost GPUs each, measured at or before now. */
  public static List<CapabilityRecord> generate(int hosts, int gpusPerHost, long seed, Instant now) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] kinds = new String[hosts];
    for (int h = 0; h < hosts; h++) {
      double draw = random.nextDouble();
      kinds[h] = draw < 0.4 ? "efa" : draw < 0.7 ? "ib" : draw < 0.9 ? "pcie" : "efafail";
    }
    List<CapabilityRecord> records = new ArrayList<>(hosts);
    int[] measuredOfKind = new int[4];
    for (int h = 0; h < hosts; h++) {
      String id = String.format("host-%06d", h);
      boolean stale = random.nextDouble() < 0.05;
      Instant measured = now.minus(stale ? Duration.ofDays(30) : Duration.ofHours(1));
      CapabilityRecord.Builder b = CapabilityRecord.builder(
          new HostIdentity(id, id, "bench", measured));
      String kind = kinds[h];
      boolean nvlink = !kind.equals("pcie");
      String gpuName = nvlink ? "NVIDIA H100 80GB HBM3" : "NVIDIA L40S";
      for (int g = 0; g < gpusPerHost; g++) {
        b.gpu(new Gpu(gpuId(h, g), g, gpuName, nvlink ? 85_520_809_984L : 51_539_607_552L, null,
            g < gpusPerHost / 2 ? 0 : 1));
      }
      for (int i = 0; i < gpusPerHost; i++) {
        for (int j = 0; j < gpusPerHost; j++) {
          if (i != j) {
            b.gpuPair(new GpuPair(gpuId(h, i), gpuId(h, j), nvlink, nvlink, nvlink ? 18 : 0,
                nvlink ? PathClass.NVL : (i / 4 == j / 4 ? PathClass.PHB : PathClass.SYS), null));
          }
        }
      }
      switch (kind) {
        case "efa", "efafail" -> {
          for (int n = 0; n < 4; n++) {
            Fabric efa = Fabric.libfabric("efa" + n, "efa", EndpointType.RDM, "efa", "rdmap" + n,
                true, RmaSupport.NATIVE);
            b.fabric(kind.equals("efa") ? efa
                : efa.withStatus(FabricStatus.FAILED, "fi_getinfo: -61 (No data available)"));
          }
        }
        case "ib" -> {
          for (int n = 0; n < 8; n++) {
            b.fabric(Fabric.libfabric("verbs" + n, "verbs", EndpointType.RDM, "IB-0xfe80", "mlx5_" + n,
                true, RmaSupport.NATIVE));
          }
        }
        default -> { }
      }
      b.fabric(Fabric.libfabric("tcp", "tcp", EndpointType.RDM, "10.0.0.0/8", "eth0", false,
          RmaSupport.EMULATED));
      b.fabric(Fabric.quic("quic", "dc-lan"));
      // The first two hosts of each kind measure to the second: a sample, as a probe campaign would.
      int k = kind.equals("efa") ? 0 : kind.equals("ib") ? 1 : kind.equals("pcie") ? 2 : 3;
      if (measuredOfKind[k] < 1) {
        int peer = nextOfKind(kinds, h, kind);
        if (peer >= 0) {
          measuredOfKind[k]++;
          Endpoint src = Endpoint.gpu(id, gpuId(h, 0));
          Endpoint dst = Endpoint.gpu(String.format("host-%06d", peer), gpuId(peer, 0));
          if (kind.equals("efa")) {
            b.link(link(src, dst, Backend.LIBFABRIC, "efa", "efa", 16, 12.2e9, measured));
          } else if (kind.equals("ib")) {
            b.link(link(src, dst, Backend.LIBFABRIC, "verbs", "IB-0xfe80", 2, 48e9, measured));
          }
          b.link(link(src, dst, Backend.LIBFABRIC, "tcp", "10.0.0.0/8", 25, 2.8e9, measured));
          b.link(link(src, dst, Backend.QUIC, "quic", "dc-lan", 60, 0.125e9, measured));
          if (nvlink && gpusPerHost > 1) {
            b.link(link(src, Endpoint.gpu(id, gpuId(h, 1)), Backend.CUDA, "cuda_ipc", "nvlink", 2,
                355e9, measured));
          }
        }
      }
      records.add(b.build());
    }
    return records;
  }

  private static int nextOfKind(String[] kinds, int from, String kind) {
    for (int h = from + 1; h < kinds.length; h++) {
      if (kinds[h].equals(kind)) {
        return h;
      }
    }
    return -1;
  }

  private static String gpuId(int host, int gpu) {
    return String.format("GPU-%06d-%02d", host, gpu);
  }

  /** A sweep shaped as bytes / (overhead + bytes / peak) with a 4 us overhead. */
  private static LinkMeasurement link(Endpoint src, Endpoint dst, Backend backend, String provider,
      String fabric, double latencyUs, double peak, Instant when) {
    LinkMeasurement.Builder b = LinkMeasurement.builder(src, dst, backend, provider, fabric)
        .measuredAt(when).warmupIterations(100).payloadVerified(true)
        .facts(new LinkFacts(src.host().equals(dst.host()) ? PathClass.NVL : PathClass.NET, null,
            null, null));
    for (long size : SIZES) {
      double bandwidth = size / (4e-6 + size / peak);
      double latency = latencyUs + size / peak * 1e6;
      b.sample(new SizeSample(size, latency, latency * 1.3, bandwidth, 2.0, 100));
    }
    return b.build();
  }
}
