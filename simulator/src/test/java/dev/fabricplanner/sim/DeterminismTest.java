package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Same seed and config give the same result on any thread; every strategy sees the same requests. */
class DeterminismTest {
  static SimulationConfig fullModel(long seed) {
    return TestConfigs.config(
        seed, 20, 2, TestConfigs.mixedWorkload(300, 20), 4, 16,
        List.of(TestConfigs.h100(32, 8, 85.9), TestConfigs.a100(32)), MigConfig.disabled(),
        TestConfigs.WAN, TestConfigs.stale(75), Optional.empty());
  }

  @Test
  void sameSeedGivesEqualResultsOnAnyThread() throws Exception {
    SimulationResult first = TestConfigs.run(fullModel(7), "power_of_two");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<SimulationResult> a = pool.submit(() -> TestConfigs.run(fullModel(7), "power_of_two"));
      Future<SimulationResult> b = pool.submit(() -> TestConfigs.run(fullModel(7), "least_queue"));
      SimulationResult second = a.get();
      b.get();
      assertThat(second).isEqualTo(first);
      assertThat(second.toString()).isEqualTo(first.toString());
    } finally {
      pool.shutdown();
    }
    SimulationResult otherSeed = TestConfigs.run(fullModel(8), "power_of_two");
    assertThat(otherSeed.latencyMs()).isNotEqualTo(first.latencyMs());
    assertThat(first.invariantsHold()).as(first.invariants().toString()).isTrue();
  }

  @Test
  void everyStrategySeesTheIdenticalArrivalSequence() throws Exception {
    StrategyRegistry registry = StrategyRegistry.fromClassPath();
    RecordingProvider random = new RecordingProvider(registry.find("random"));
    RecordingProvider leastQueue = new RecordingProvider(registry.find("least_queue"));
    Simulation.run(fullModel(3), "random", random, StrategyParams.none("random"), ProgressListener.NONE);
    Simulation.run(
        fullModel(3), "least_queue", leastQueue, StrategyParams.none("least_queue"),
        ProgressListener.NONE);
    List<RoutingRequest> seenByRandom = random.routed.stream().map(r -> r.request()).toList();
    List<RoutingRequest> seenByLeastQueue = leastQueue.routed.stream().map(r -> r.request()).toList();
    List<Double> timesRandom = random.routed.stream().map(r -> r.atMs()).toList();
    List<Double> timesLeastQueue = leastQueue.routed.stream().map(r -> r.atMs()).toList();
    assertThat(seenByRandom).hasSizeGreaterThan(5000);
    assertThat(seenByLeastQueue).isEqualTo(seenByRandom);
    assertThat(timesLeastQueue).isEqualTo(timesRandom);
    // ...while the strategies really did route differently.
    assertThat(leastQueue.routed.stream().map(r -> r.node()).toList())
        .isNotEqualTo(random.routed.stream().map(r -> r.node()).toList());
  }
}
