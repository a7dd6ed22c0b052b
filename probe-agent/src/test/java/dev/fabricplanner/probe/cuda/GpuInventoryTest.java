package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuInventoryTest {
  private static final GpuInventory PCIE_PAIR =
      new GpuInventory(
          "/usr/local/cuda-12.4/lib64/libcudart.so.12",
          12040,
          12020,
          GpuInventory.NVML_OK,
          List.of(
              new GpuInfo(0, "GPU-0", "NVIDIA L40S", 48L << 30, "0000:17:00.0", 0, "8.9", 0, 0),
              new GpuInfo(1, "GPU-1", "NVIDIA L40S", 48L << 30, "0000:ca:00.0", 1, "8.9", 0, 0)),
          List.of(
              new GpuPair(
                  0,
                  1,
                  false,
                  false,
                  0,
                  PathClass.SYS,
                  P2pStatus.NOT_SUPPORTED,
                  P2pStatus.NOT_SUPPORTED,
                  P2pStatus.NOT_SUPPORTED)));

  @Test
  void listLinesShowVersionsGpusAndPairs() {
    assertThat(PCIE_PAIR.describe())
        .containsExactly(
            "CUDA runtime 12.4, driver 12.2, /usr/local/cuda-12.4/lib64/libcudart.so.12; NVML: ok",
            "GPU 0  NVIDIA L40S  GPU-0  48.0 GiB  pci 0000:17:00.0  numa 0  sm 8.9  nvlink 0 active"
                + " (0 to NVSwitch)",
            "GPU 1  NVIDIA L40S  GPU-1  48.0 GiB  pci 0000:ca:00.0  numa 1  sm 8.9  nvlink 0 active"
                + " (0 to NVSwitch)",
            "pair 0-1  SYS   peer access no/no  nvml p2p read NOT_SUPPORTED write NOT_SUPPORTED"
                + " nvlink NOT_SUPPORTED");
  }

  @Test
  void pairsAreFoundInEitherOrder() {
    assertThat(PCIE_PAIR.pair(1, 0)).contains(PCIE_PAIR.pairs().get(0));
    assertThat(PCIE_PAIR.pair(0, 2)).isEmpty();
  }

  @Test
  void aPairWithoutPeerAccessExplainsItselfInTheSkipReason() {
    assertThat(CudaProbe.noPeerReason(PCIE_PAIR.pairs().get(0)))
        .isEqualTo(
            "cudaDeviceCanAccessPeer(0, 1) = 0, (1, 0) = 0; path SYS, NVML P2P read NOT_SUPPORTED");
    assertThat(CudaProbe.singleGpuReason(PCIE_PAIR))
        .isEqualTo("one GPU visible (NVIDIA L40S GPU-0): peer and cross-GPU tests need two");
  }

  @Test
  void cudaVersionsDecodeAsMajorDotMinor() {
    assertThat(GpuInventory.version(13000)).isEqualTo("13.0");
    assertThat(GpuInventory.version(12090)).isEqualTo("12.9");
    assertThat(GpuInventory.version(0)).isEqualTo("none");
  }
}
