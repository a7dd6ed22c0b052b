package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import dev.fabricplanner.core.record.GpuPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GPU-memory test's FI_HMEM request and its fallback, on the real providers of this host. Without a
 * GPU here, the "device" buffers are host allocations behind the same {@link DeviceMemory} calls, so
 * the staged path (copies around every message), the retry without FI_HMEM and the payload checks run
 * for real over libfabric; GPU machines run it on cudaMalloc'd memory (bin/gpu-bundle).
 */
class GpuMemoryPingPongTest {
  private final Libfabric library = FabricTestSupport.library();

  /** Host memory standing in for cudaMalloc where this machine has no GPU; counts its copies. */
  private static final class HostBackedMemory implements DeviceMemory {
    int copies;
    int live;

    @Override
    public int device() {
      return 0;
    }

    @Override
    public long allocate(long bytes) {
      live++;
      return com.sun.jna.Native.malloc(bytes); // freed by address, as cudaFree would be
    }

    @Override
    public void free(long pointer) {
      live--;
      com.sun.jna.Native.free(pointer);
    }

    @Override
    public void copyToDevice(long device, Pointer host, long bytes) {
      copies++;
      new Pointer(device).write(0, host.getByteArray(0, (int) bytes), 0, (int) bytes);
    }

    @Override
    public void copyToHost(Pointer host, long device, long bytes) {
      copies++;
      host.write(0, new Pointer(device).getByteArray(0, (int) bytes), 0, (int) bytes);
    }
  }

  @Test
  void endpointsAskForFiHmemFirstAndOpenWithoutItWhereTheProviderRefusesAsFiInfoSays() throws Exception {
    for (String provider : List.of("tcp", "shm")) {
      ProviderQuery query = FabricTestSupport.loopback(provider, EndpointType.RDM);
      boolean granted = FiInfo.offersRdmWith(provider, "FI_MSG|FI_HMEM");
      try (FabricEndpoint endpoint = FabricEndpoint.open(library, query, false, true)) {
        assertThat(endpoint.hmemEnabled()).as(provider).isEqualTo(granted);
      }
      try (FabricEndpoint plain = FabricEndpoint.open(library, query, false, false)) {
        assertThat(plain.hmemEnabled()).isFalse();
      }
    }
  }

  @Test
  void withoutFiHmemEveryMessageIsStagedThroughHostBuffersAndVerified() throws Exception {
    HostBackedMemory gpu = new HostBackedMemory();
    GpuMemoryPingPong test = new GpuMemoryPingPong(library, List.of(64, 4096, 65536), 50, Duration.ofSeconds(30));

    GpuMemoryPingPong.Result tcp = test.run(FabricTestSupport.loopback("tcp", EndpointType.RDM), gpu);

    assertThat(tcp.hmem()).isFalse();
    assertThat(tcp.gpuPath()).isEqualTo(GpuPath.TCP);
    assertThat(tcp.note()).startsWith("tcp;ofi_rxm did not grant FI_HMEM").contains("staged through host buffers");
    assertThat(tcp.payloadVerified()).isTrue();
    assertThat(tcp.sweep()).extracting(s -> s.sizeBytes()).containsExactly(64L, 4096L, 65536L);
    assertThat(tcp.sweep()).allSatisfy(s -> {
      assertThat(s.latencyP50Us()).isPositive();
      assertThat(s.latencyP99Us()).isGreaterThanOrEqualTo(s.latencyP50Us());
      assertThat(s.iterations()).isEqualTo(50);
    });
    // Every message is copied out of and into "device" memory: 2 copies per round trip per side.
    assertThat(gpu.copies).isGreaterThanOrEqualTo(3 * 60 * 4);
    assertThat(gpu.live).isZero();
  }

  @Test
  void whereFiHmemIsGrantedButTheDeviceBufferRefusedTheTestRetriesStaged() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(FiInfo.offersRdmWith("shm", "FI_MSG|FI_HMEM"),
        "shm does not offer FI_HMEM here");
    HostBackedMemory gpu = new HostBackedMemory();
    GpuMemoryPingPong test = new GpuMemoryPingPong(library, List.of(4096), 30, Duration.ofSeconds(30));

    GpuMemoryPingPong.Result shm = test.run(FabricTestSupport.loopback("shm", EndpointType.RDM), gpu);

    // This libfabric has no CUDA support: fi_mr_regattr with FI_HMEM_CUDA is refused, so it retried.
    if (!shm.hmem()) {
      assertThat(shm.note()).startsWith("FI_HMEM granted but device memory refused (fi_mr_regattr(FI_HMEM_CUDA");
      assertThat(shm.gpuPath()).isEqualTo(GpuPath.HOST_STAGED_RDMA);
    }
    assertThat(shm.payloadVerified()).isTrue();
    assertThat(gpu.live).isZero();
  }
}
