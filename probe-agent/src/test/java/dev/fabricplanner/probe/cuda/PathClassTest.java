package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathClassTest {
  @Test
  void nvmlTopologyLevelsMapToNvidiaSmiClasses() {
    // nvml.h: INTERNAL 0, SINGLE 10, MULTIPLE 20, HOSTBRIDGE 30, NODE 40, SYSTEM 50.
    assertThat(PathClass.fromNvmlTopologyLevel(0)).isEqualTo(PathClass.PIX);
    assertThat(PathClass.fromNvmlTopologyLevel(10)).isEqualTo(PathClass.PIX);
    assertThat(PathClass.fromNvmlTopologyLevel(20)).isEqualTo(PathClass.PXB);
    assertThat(PathClass.fromNvmlTopologyLevel(30)).isEqualTo(PathClass.PHB);
    assertThat(PathClass.fromNvmlTopologyLevel(40)).isEqualTo(PathClass.NODE);
    assertThat(PathClass.fromNvmlTopologyLevel(50)).isEqualTo(PathClass.SYS);
    assertThat(PathClass.fromNvmlTopologyLevel(60)).isEqualTo(PathClass.UNKNOWN);
  }

  @Test
  void labelsReadLikeNvidiaSmiTopo() {
    assertThat(PathClass.NVL.label(18)).isEqualTo("NV18");
    assertThat(PathClass.PXB.label(0)).isEqualTo("PXB");
  }

  @Test
  void p2pStatusesFollowNvmlNumbering() {
    assertThat(P2pStatus.fromNvml(0)).isEqualTo(P2pStatus.OK);
    assertThat(P2pStatus.fromNvml(3)).isEqualTo(P2pStatus.IOH_TOPOLOGY_NOT_SUPPORTED);
    assertThat(P2pStatus.fromNvml(5)).isEqualTo(P2pStatus.NOT_SUPPORTED);
    assertThat(P2pStatus.fromNvml(6)).isEqualTo(P2pStatus.UNKNOWN);
  }

  @Test
  void uuidFromCudaDevicePropPrintsLikeNvml() {
    byte[] uuid = new byte[16];
    for (int i = 0; i < 16; i++) {
      uuid[i] = (byte) (0xa0 + i);
    }
    assertThat(CudaRuntime.formatUuid(uuid)).isEqualTo("GPU-a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf");
  }
}
