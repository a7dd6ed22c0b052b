package dev.fabricplanner.probe.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.probe.fabric.EndpointType;
import dev.fabricplanner.probe.fabric.FabricProvider;
import dev.fabricplanner.probe.fabric.RmaSupport;
import dev.fabricplanner.probe.fabric.TestPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which plan each provider runs: the full sweep, capped to its largest message, lighter where slow. */
class LibfabricPlanTest {

  @Test
  void aFastProviderRunsTheFullStandardPlan() {
    TestPlan plan = LibfabricBackends.planFor(provider("tcp;ofi_rxm", Long.MAX_VALUE), TestPlan.standard());
    assertThat(plan).isEqualTo(TestPlan.standard());
  }

  @Test
  void theSocketsProviderKeepsEverySizeWithFarFewerIterations() {
    TestPlan standard = TestPlan.standard();
    TestPlan plan = LibfabricBackends.planFor(provider("sockets", Long.MAX_VALUE), standard);
    assertThat(plan.sizes()).isEqualTo(standard.sizes());
    assertThat(plan.latencyIterations()).isEqualTo(50);
    assertThat(plan.latencyWarmup()).isEqualTo(5);
    assertThat(plan.bandwidthRounds()).isEqualTo(5);
    assertThat(plan.batchSizes()).containsExactly(1, 8, 64);
  }

  @Test
  void aDatagramProviderIsCappedToItsLargestMessage() {
    TestPlan plan = LibfabricBackends.planFor(provider("udp", 1472), TestPlan.standard());
    assertThat(plan.sizes()).containsExactly(64, 256, 1024);
    assertThat(plan.batchMessageBytes()).isEqualTo(1472);
  }

  private static FabricProvider provider(String name, long maxMessage) {
    return new FabricProvider(name, "127.0.0.1/32", "lo", EndpointType.RDM, 0, 0, false,
        RmaSupport.NONE, maxMessage, 64, 4, 1024, 1024, false);
  }
}
