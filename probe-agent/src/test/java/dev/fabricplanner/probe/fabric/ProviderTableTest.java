package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderTableTest {
  @Test
  void listsOfferedProvidersAndWhyWantedOnesAreMissing() {
    ProviderDiscovery discovery = new ProviderDiscovery(FabricTestSupport.library());
    String table = ProviderTable.render(
        discovery.list(FabricTestSupport.loopback("tcp", EndpointType.RDM)),
        discovery.select(ProbeProfile.RDMA, null, null));
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith("provider").contains("mr_mode");
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .startsWith("tcp;ofi_rxm").contains("rdm", "127.0.0.1/32", "lo", "emulated",
            "unlimited", "FI_MSG,FI_TAGGED,FI_RMA"));
    assertThat(lines).anySatisfy(line ->
        assertThat(line).startsWith("skipped verbs: not built into libfabric"));
    assertThat(lines).filteredOn(line -> line.startsWith("skipped ")).hasSize(6);
  }
}
