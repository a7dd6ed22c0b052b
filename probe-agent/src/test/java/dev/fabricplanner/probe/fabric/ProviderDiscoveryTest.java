package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderDiscoveryTest {
  private final ProviderDiscovery discovery = new ProviderDiscovery(FabricTestSupport.library());

  @Test
  void listsTheProvidersTheDebianBuildOffersOnLoopback() {
    List<FabricProvider> all = discovery.list(ProviderQuery.any());
    assertThat(all).extracting(FabricProvider::coreProvider)
        .contains("tcp", "shm", "udp", "sockets");
    assertThat(discovery.builtInProviders()).contains("tcp", "shm", "udp", "sockets", "ofi_rxm");
  }

  @Test
  void tcpReliableDatagramsComeLayeredOverRxmWithEmulatedRma() {
    FabricProvider tcp = discovery.lookup(FabricTestSupport.loopback("tcp", EndpointType.RDM))
        .best();
    assertThat(tcp.provider()).isEqualTo("tcp;ofi_rxm");
    assertThat(tcp.endpointType()).isEqualTo(EndpointType.RDM);
    assertThat(tcp.domain()).isEqualTo("lo");
    assertThat(tcp.fabric()).isEqualTo("127.0.0.1/32");
    assertThat(tcp.capNames()).contains("FI_MSG", "FI_TAGGED", "FI_RMA");
    assertThat(tcp.rma()).isEqualTo(RmaSupport.EMULATED);
    assertThat(tcp.maxMessageBytes()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shmNeedsVirtualAddressesAndAcceptsHmem() {
    FabricProvider shm = discovery.lookup(ProviderQuery.of("shm", EndpointType.RDM)).best();
    assertThat(shm.mrModeNames()).contains("FI_MR_VIRT_ADDR");
    assertThat(shm.hmem()).isTrue();
    assertThat(shm.manualProgress()).isTrue();
  }

  @Test
  void udpDatagramsAreCappedAtOneEthernetPayload() {
    FabricProvider udp = discovery.lookup(FabricTestSupport.loopback("udp", EndpointType.DGRAM))
        .best();
    assertThat(udp.maxMessageBytes()).isEqualTo(1472);
    assertThat(udp.rma()).isEqualTo(RmaSupport.NONE);
  }

  @Test
  void aProviderNotBuiltInIsSkippedWithThatReason() {
    String absent = FiInfo.anRdmaProviderNotBuiltIn();
    ProviderLookup lookup = discovery.lookup(ProviderQuery.of(absent, EndpointType.RDM));
    assertThat(lookup.isFound()).isFalse();
    assertThat(lookup.skipReason()).startsWith(absent + ": not built into libfabric");
  }

  @Test
  void aBuiltInProviderWithoutHardwareIsSkippedWithThatReason() {
    String idle = FiInfo.anRdmaProviderBuiltInWithoutHardware();
    ProviderLookup lookup = discovery.lookup(ProviderQuery.of(idle, EndpointType.RDM));
    assertThat(lookup.isFound()).isFalse();
    assertThat(lookup.skipReason()).startsWith(idle + ": built in, but fi_getinfo offers no usable");
  }

  @Test
  void theRdmaProfileFindsWhatFiInfoFindsAndSkipsTheRestWithTheirOwnReasons() {
    List<ProviderLookup> rdma = discovery.select(ProbeProfile.RDMA, null, null);
    assertThat(rdma).extracting(l -> l.query().provider()).containsExactlyElementsOf(FiInfo.RDMA);
    assertThat(rdma).allSatisfy(lookup -> {
      String provider = lookup.query().provider();
      assertThat(lookup.isFound()).as("%s as fi_info sees it", provider).isEqualTo(FiInfo.offersRdm(provider));
      if (!lookup.isFound()) {
        assertThat(lookup.skipReason()).startsWith(provider + ": ");
      }
    });
  }

  @Test
  void theSocketsProfileFindsDatagramEndpointsOnTheRequestedSourceAddress() {
    List<ProviderLookup> sockets = discovery.select(ProbeProfile.SOCKETS, null, "127.0.0.1");
    assertThat(sockets).singleElement().satisfies(lookup -> {
      assertThat(lookup.best().endpointType()).isEqualTo(EndpointType.DGRAM);
      assertThat(lookup.best().domain()).isEqualTo("lo");
    });
  }

  @Test
  void aDomainIsHonouredEvenWhereTheProviderIgnoresTheHint() {
    List<FabricProvider> onLo = discovery.list(ProviderQuery.of("udp", EndpointType.DGRAM)
        .withDomain("lo"));
    assertThat(onLo).isNotEmpty().allSatisfy(p -> assertThat(p.domain()).isEqualTo("lo"));
    ProviderLookup nowhere = discovery.lookup(ProviderQuery.of("tcp", EndpointType.RDM)
        .withDomain("mlx5_9"));
    assertThat(nowhere.isFound()).isFalse();
    assertThat(nowhere.skipReason()).startsWith("tcp: built in, but").contains("domain mlx5_9");
  }
}
