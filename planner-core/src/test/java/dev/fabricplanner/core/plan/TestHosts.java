package dev.fabricplanner.core.plan;

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
import dev.fabricplanner.core.record.SizeSample;
import java.time.Instant;
import java.util.List;

/** Small records with round numbers, so that tests can work estimates out by hand. */
final class TestHosts {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final Instant MEASURED = Instant.parse("2026-11-24T12:00:00Z");

  private TestHosts() {}

  /**
   * A link whose one message of b bytes takes latUs + b / bw, measured at 1,000, 10,000 and
   * 1,000,000 B (the token and KV sizes of the planner tests are among them or between them, where
   * the curve is exact too). Each sample's latency is that whole message's time and its streaming
   * bandwidth is bw, so the samples are physically consistent.
   */
  static List<SizeSample> curve(double latUs, double bw) {
    return List.of(sample(1_000, latUs, bw), sample(10_000, latUs, bw), sample(1_000_000, latUs, bw));
  }

  private static SizeSample sample(long bytes, double latUs, double bw) {
    double us = latUs + bytes / bw * 1e6;
    return new SizeSample(bytes, us, us * 2, bw, 1, 100);
  }

  static String gpuId(String host, int index) {
    return "GPU-" + host + "-" + index;
  }

  static Endpoint gpu(String host, int index) {
    return Endpoint.gpu(host, gpuId(host, index));
  }

  static CapabilityRecord.Builder host(String id, int gpus, boolean nvlink, Instant measuredAt) {
    CapabilityRecord.Builder b =
        CapabilityRecord.builder(new HostIdentity(id, id, "test", measuredAt));
    for (int i = 0; i < gpus; i++) {
      b.gpu(new Gpu(gpuId(id, i), i, "NVIDIA H100 80GB HBM3", 85_520_809_984L, null, null));
    }
    for (int i = 0; i < gpus; i++) {
      for (int j = 0; j < gpus; j++) {
        if (i != j) {
          b.gpuPair(new GpuPair(gpuId(id, i), gpuId(id, j), nvlink, nvlink, nvlink ? 18 : 0,
              nvlink ? PathClass.NVL : PathClass.SYS, null));
        }
      }
    }
    return b;
  }

  static CapabilityRecord.Builder host(String id, int gpus, boolean nvlink) {
    return host(id, gpus, nvlink, MEASURED);
  }

  static Fabric lf(String provider, String fabricName, String domain) {
    return Fabric.libfabric(provider + "/" + domain, provider, EndpointType.RDM, fabricName, domain,
        true, null);
  }

  static Fabric failed(Fabric fabric, String reason) {
    return fabric.withStatus(FabricStatus.FAILED, reason);
  }

  static LinkMeasurement link(
      Endpoint src, Endpoint dst, Backend backend, String provider, String fabric,
      List<SizeSample> sweep) {
    LinkMeasurement.Builder b = LinkMeasurement.builder(src, dst, backend, provider, fabric)
        .measuredAt(MEASURED).warmupIterations(10).payloadVerified(true).facts(LinkFacts.NONE);
    sweep.forEach(b::sample);
    return b.build();
  }

  static LinkMeasurement failedLink(
      Endpoint src, Endpoint dst, Backend backend, String provider, String fabric, String why) {
    return LinkMeasurement.builder(src, dst, backend, provider, fabric).measuredAt(MEASURED)
        .failed(why).build();
  }
}
