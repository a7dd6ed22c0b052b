package dev.fabricplanner.probe.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.EndpointType;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.core.record.HostSoftware;
import dev.fabricplanner.core.record.LinkFacts;
import dev.fabricplanner.core.record.LinkLayer;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.Shortfall;
import dev.fabricplanner.core.record.ShortfallCause;
import dev.fabricplanner.core.record.SizeSample;
import dev.fabricplanner.probe.cuda.CudaVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a record says about where it came from: software, NICs, and links far below nominal. */
class ProvenanceTest {

  @Test
  void softwareNamesTheBuildCommitKernelAndOsOfThisHost() throws Exception {
    HostSoftware software = HostSoftwareReader.read("1.17", CudaVersions.NONE);
    // Written by the same build that runs the test: this checkout's HEAD, or nothing outside a checkout.
    Process head = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
    String headCommit = new String(head.getInputStream().readAllBytes()).strip();
    if (head.waitFor() == 0) {
      assertThat(software.agentCommit()).matches("[0-9a-f]{40}(-dirty)?").startsWith(headCommit);
    } else {
      assertThat(software.agentCommit()).isNull();
    }
    Process uname = new ProcessBuilder("uname", "-r").start();
    assertThat(uname.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(software.kernel()).isEqualTo(new String(uname.getInputStream().readAllBytes()).strip());
    assertThat(software.os()).isNotBlank();
    assertThat(software.libfabricVersion()).isEqualTo("1.17");
    assertThat(software.cudaRuntime()).isNull();
  }

  @Test
  void cudaVersionsAreReadWhereTheLibrariesAnswerAndNullWhereTheyDoNot() {
    CudaVersions none = CudaVersions.detect(dev.fabricplanner.probe.cuda.CudaLibraryPaths.withCudart("/nonexistent/libcudart.so"));
    assertThat(none.runtime()).isNull();
    assertThat(none.driver()).isNull();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.exists(Path.of("/usr/local/cuda/lib64/libcudart.so")), "needs the CUDA toolkit's libcudart");
    CudaVersions toolkit = CudaVersions.detect(dev.fabricplanner.probe.cuda.CudaLibraryPaths.fromEnvironment());
    assertThat(toolkit.runtime()).matches("[0-9]+\\.[0-9]+");
  }

  @Test
  void nicFactsComeFromThisHostsSysfsAndNothingIsGuessed() {
    NicDirectory nics = NicDirectory.system();
    NicDirectory.Nic lo = nics.nic("tcp;ofi_rxm", "lo");
    assertThat(lo.linkLayer()).isNull(); // loopback is no NIC
    assertThat(lo.nominalBytesPerSec()).isNull();
    assertThat(nics.nic("shm", "shm").linkLayer()).isEqualTo(LinkLayer.SHARED_MEMORY);
    assertThat(nics.nic("tcp", "no-such-interface")).isEqualTo(new NicDirectory.Nic(null, null, null, null, null));
    if (Files.isDirectory(Path.of("/sys/class/net/eth0/device"))) {
      NicDirectory.Nic eth0 = nics.nic("tcp", "eth0");
      assertThat(eth0.linkLayer()).isEqualTo(LinkLayer.ETHERNET);
      assertThat(eth0.model()).isNotBlank();
      assertThat(eth0.mtu()).isPositive();
    }
  }

  @Test
  void anInfinibandAndAnEthernetNicAreReadFromTheirSysfsFiles(@TempDir Path sys) throws Exception {
    // The files a ConnectX-7 port and a 100 GbE interface expose, as the kernel writes them.
    Path hca = Files.createDirectories(sys.resolve("class/infiniband/mlx5_0/ports/1"));
    Files.writeString(hca.resolve("link_layer"), "InfiniBand\n");
    Files.writeString(hca.resolve("rate"), "400 Gb/sec (4X NDR)\n");
    Files.writeString(sys.resolve("class/infiniband/mlx5_0/hca_type"), "MT4129\n");
    Path pci = Files.createDirectories(sys.resolve("devices/pci0000:00/0000:17:00.0"));
    Files.createDirectories(sys.resolve("bus/pci/drivers/mlx5_core"));
    Files.createSymbolicLink(pci.resolve("driver"), sys.resolve("bus/pci/drivers/mlx5_core"));
    Files.writeString(pci.resolve("numa_node"), "1\n");
    Files.createSymbolicLink(sys.resolve("class/infiniband/mlx5_0/device"), pci);
    Path net = Files.createDirectories(sys.resolve("class/net/ens1f0"));
    Files.writeString(net.resolve("type"), "1\n");
    Files.writeString(net.resolve("speed"), "100000\n");
    Files.writeString(net.resolve("mtu"), "1500\n");
    Files.createSymbolicLink(net.resolve("device"), pci);
    Files.writeString(pci.resolve("vendor"), "0x15b3\n");
    Files.writeString(pci.resolve("device"), "0x1021\n");
    NicDirectory nics = new NicDirectory(sys);

    assertThat(nics.nic("verbs;ofi_rxm", "mlx5_0"))
        .isEqualTo(new NicDirectory.Nic("mlx5_core MT4129", LinkLayer.INFINIBAND, 50e9, null, 1));
    assertThat(nics.nic("efa", "mlx5_0-rdm").linkLayer()).isEqualTo(LinkLayer.INFINIBAND);
    assertThat(nics.nic("tcp;ofi_rxm", "ens1f0"))
        .isEqualTo(new NicDirectory.Nic("mlx5_core 15b3:1021", LinkLayer.ETHERNET, 12.5e9, 1500, 1));

    Fabric tcp = new Fabric("tcp", Backend.LIBFABRIC, "tcp;ofi_rxm", EndpointType.RDM, "10.0.0.0/24", "ens1f0",
        FabricStatus.OK, null, false, null, null);
    Fabric described = nics.describe(tcp);
    assertThat(described.nicModel()).isEqualTo("mlx5_core 15b3:1021");
    assertThat(described.nominalBytesPerSec()).isEqualTo(12.5e9);
    assertThat(described.numaNode()).isEqualTo(1);
  }

  @Test
  void aLinkBelowHalfItsNicIsFlaggedWithTheLikelyCause() {
    Fabric tcp100g = new Fabric("tcp", Backend.LIBFABRIC, "tcp;ofi_rxm", EndpointType.RDM, "10.0.0.0/24", "ens1f0",
        FabricStatus.OK, null, false, null, null).withNic("mlx5_core", LinkLayer.ETHERNET, 12.5e9);
    Fabric verbs = new Fabric("verbs", Backend.LIBFABRIC, "verbs;ofi_rxm", EndpointType.RDM, "IB-0xfe80", "mlx5_0",
        FabricStatus.OK, null, true, null, null);
    NicDirectory.Nic jumbo = new NicDirectory.Nic("mlx5_core", LinkLayer.ETHERNET, 12.5e9, 9000, 0);
    NicDirectory.Nic small = new NicDirectory.Nic("mlx5_core", LinkLayer.ETHERNET, 12.5e9, 1500, 0);

    LinkMeasurement slow = link("tcp;ofi_rxm", 2.5e9, GpuPath.HOST_MEMORY);
    Shortfall fallback = LinkShortfall.check(slow, tcp100g, jumbo, LinkShortfall.rdmaOk(List.of(tcp100g, verbs)));
    assertThat(fallback.likelyCause()).isEqualTo(ShortfallCause.TCP_FALLBACK);
    assertThat(fallback.measuredFraction()).isEqualTo(0.2);
    assertThat(fallback.nominalBytesPerSec()).isEqualTo(12.5e9);
    assertThat(LinkShortfall.check(slow, tcp100g, small, false).likelyCause()).isEqualTo(ShortfallCause.MTU);
    assertThat(LinkShortfall.check(slow, tcp100g, jumbo, false).likelyCause()).isEqualTo(ShortfallCause.UNKNOWN);
    assertThat(LinkShortfall.check(link("verbs;ofi_rxm", 2.5e9, GpuPath.HOST_STAGED_RDMA),
        verbs.withNic(null, LinkLayer.INFINIBAND, 50e9), jumbo, true).likelyCause())
        .isEqualTo(ShortfallCause.GPUDIRECT_OFF);
    // At or above half of nominal, or with no nominal at all, nothing is flagged.
    assertThat(LinkShortfall.check(link("tcp;ofi_rxm", 6.25e9, GpuPath.HOST_MEMORY), tcp100g, small, true)).isNull();
    assertThat(LinkShortfall.check(slow, tcp100g.withNic(null, null, null), small, true)).isNull();

    CapabilityRecord record = CapabilityRecord.builder(new HostIdentity("a", "a", "test", Instant.EPOCH))
        .fabric(tcp100g).link(slow.withShortfall(fallback)).build();
    assertThat(LinkShortfall.report(record)).containsExactly(
        "SHORTFALL a -> b over tcp;ofi_rxm (10.0.0.0/24): best 2.50 GB/s is 20% of the nominal 12.50 GB/s; "
            + "likely cause: tcp_fallback (traffic went through the kernel's IP stack (tcp;ofi_rxm) although an "
            + "RDMA provider works on this host)");
  }

  private static LinkMeasurement link(String provider, double peak, GpuPath path) {
    return LinkMeasurement.builder(Endpoint.hostMemory("a"), Endpoint.hostMemory("b"), Backend.LIBFABRIC, provider,
            "10.0.0.0/24")
        .measuredAt(Instant.EPOCH).warmupIterations(10).payloadVerified(true)
        .facts(new LinkFacts(null, null, false, null, path))
        .sample(new SizeSample(65536, 20, 30, peak / 2, 1, 100))
        .sample(new SizeSample(1 << 20, 200, 300, peak, 1, 100))
        .build();
  }
}
