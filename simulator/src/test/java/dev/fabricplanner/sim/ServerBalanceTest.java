package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.KvEventStaleness;
import dev.fabricplanner.sim.result.ServerBalance;
import dev.fabricplanner.sim.result.SimulationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load imbalance (busy time, max over mean) and the KV index's lag, on runs whose answer is known. */
class ServerBalanceTest {

  @Test
  void oneRequestOnFourServersIsAnImbalanceOfFour(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("one.jsonl");
    Files.writeString(file,
        "{\"timestamp\": 1000, \"input_length\": 3000, \"output_length\": 50, \"hash_ids\": [1, 2, 3, 4, 5, 6]}\n");
    SimulationResult result = TestConfigs.run(PrefixHitBoundsTest.mooncakeOn(4, 85.9, file),
        "baseline_rr");
    assertThat(result.requests().completed()).isEqualTo(1);
    ServerBalance balance = result.serving().balance();
    // Busy from its arrival to its last token: its end-to-end time less the network on the way.
    double busyS = balance.busyMean() * 4 * result.simulatedSeconds();
    assertThat(busyS * 1000).isPositive().isLessThanOrEqualTo(result.latencyMs().get("all").max());
    assertThat(balance.busyImbalance()).isCloseTo(4, within(1e-9));
  }

  @Test
  void roundRobinOnTheMooncakeTraceLoadsServersAlmostEvenlyAndKeepsNoKvIndex() throws Exception {
    SimulationConfig eight = PrefixHitBoundsTest.mooncakeOn(8, 85.9);
    SimulationResult result = TestConfigs.run(eight, "baseline_rr");
    ServerBalance balance = result.serving().balance();
    System.out.printf("[balance] baseline_rr, 8 H100s, Mooncake: busy mean %.3f, imbalance %.3f%n",
        balance.busyMean(), balance.busyImbalance());
    assertThat(balance.busyMean()).isBetween(0.0, 1.0).isPositive();
    assertThat(balance.busyImbalance()).isBetween(1.0, 1.5);
    // Round robin reads no KV events, so no index is kept and nothing can lag.
    assertThat(result.serving().kvEvents()).isEqualTo(new KvEventStaleness(0, 0, 0));
  }

  @Test
  void aKvRouterIndexLagsWithinItsDelay() throws Exception {
    SimulationConfig eight = PrefixHitBoundsTest.mooncakeOn(8, 85.9);
    KvEventStaleness kv = TestConfigs.run(eight, "kv_router").serving().kvEvents();
    System.out.printf("[balance] kv_router: KV index lag mean %.2f ms, p99 %.2f ms (delay %.1f ms)%n",
        kv.meanMs(), kv.p99Ms(), kv.delayMs());
    // small.yaml's signal transport: 5-25 ms intra-cell, mean 15 ms, the KV events' delay.
    assertThat(kv.delayMs()).isEqualTo(15);
    assertThat(kv.meanMs()).isPositive().isLessThanOrEqualTo(kv.delayMs());
    assertThat(kv.p99Ms()).isLessThanOrEqualTo(kv.delayMs() * 1.001);
  }
}
