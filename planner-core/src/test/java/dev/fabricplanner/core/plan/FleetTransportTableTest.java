package dev.fabricplanner.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.bench.SyntheticFleet;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Gpu;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FleetTransportTableTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final HopTraffic TRAFFIC = new HopTraffic(16_384, 223_805_440, 211, 1);

  @Test
  void classPlanningGivesEveryPairExactlyThePerPairDecision() {
    List<CapabilityRecord> records = SyntheticFleet.generate(40, 4, 7, NOW);
    Fleet fleet = new Fleet(records);
    TransportPlanner planner = new TransportPlanner(fleet, PlannerSettings.defaults(NOW));
    FleetTransportTable table = FleetTransportTable.plan(planner, TRAFFIC);

    Map<String, Long> counts = new TreeMap<>();
    Map<String, Double> tokenUs = new TreeMap<>();
    long pairs = 0;
    for (CapabilityRecord a : records) {
      for (Gpu ga : a.gpus()) {
        for (CapabilityRecord b : records) {
          for (Gpu gb : b.gpus()) {
            if (ga == gb) {
              continue;
            }
            Endpoint src = Endpoint.gpu(a.host().id(), ga.id());
            Endpoint dst = Endpoint.gpu(b.host().id(), gb.id());
            HopDecision.HopOutcome direct = planner.planHop(src, dst, TRAFFIC).outcome();
            assertThat(table.outcome(fleet, src, dst)).as("%s -> %s", src, dst).isEqualTo(direct);
            String name = direct.chosen() == null ? "none" : direct.chosen().transport().name();
            counts.merge(name, 1L, Long::sum);
            if (direct.chosen() != null && direct.chosen().estimate() != null) {
              tokenUs.merge(name, direct.chosen().estimate().tokenUs(), Double::sum);
            }
            pairs++;
          }
        }
      }
    }
    assertThat(pairs).isEqualTo(160L * 159);
    assertThat(table.gpuPairs()).isEqualTo(pairs);
    assertThat(table.pairsByTransport()).isEqualTo(counts);
    assertThat(table.classes()).isLessThan(records.size());
    // The fleet is built to exercise several transports and the failed-probe hosts.
    assertThat(counts.keySet()).contains("nvlink", "libfabric:efa", "libfabric:verbs",
        "libfabric:tcp");
    tokenUs.forEach((name, sum) ->
        assertThat(table.tokenUsByTransport().get(name)).isCloseTo(sum, within(1e-6 * sum)));
  }
}
