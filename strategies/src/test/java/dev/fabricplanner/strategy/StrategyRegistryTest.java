package dev.fabricplanner.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrategyRegistryTest {
  private final StrategyRegistry registry = StrategyRegistry.fromClassPath();

  @Test
  void listsBuiltInsFirstThenServiceLoaderProviders() {
    assertThat(registry.names())
        .startsWith(
            "baseline_rr", "random", "least_queue", "power_of_two", "heuristic", "mesh",
            "mesh_hedge", "mesh_stale", "adaptive_mesh", "predictive_mesh", "hybrid_mesh",
            "rls_mesh", "ml_enhanced_mesh")
        .contains(TestProvider.NAME);
  }

  /** Every built-in runs with its defaults on a small fleet, and only mesh_hedge hedges. */
  @Test
  void everyBuiltInRoutesWithItsDefaults() throws InvalidInputException {
    ArrayClusterView view = new ArrayClusterView(3, 4);
    for (String name : registry.names()) {
      if (name.equals(TestProvider.NAME)) {
        continue;
      }
      RoutingStrategy strategy =
          registry.find(name).create(new StrategyContext(
              StrategyParams.none(name), new SplittableRandom(7), view));
      RoutingDecision decision = strategy.route(request(), view);
      assertThat(decision.node()).as(name).isBetween(0, view.nodeCount() - 1);
      assertThat(decision.hedges()).as(name).isEqualTo(name.equals("mesh_hedge"));
      strategy.onCompletion(new CompletionFeedback(request(), decision.node(), 12, 12, 10));
    }
  }

  @Test
  void aMisspeltParameterIsReportedWithTheKnownOnes() {
    assertThatThrownBy(
            () -> registry.find("mesh_stale").create(
                context(new StrategyParams("mesh_stale", Map.of("age_scale", 50)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("strategy_params.mesh_stale.age_scale: unknown parameter; known: ")
        .hasMessageContaining("age_scale_ms");
    assertThatThrownBy(
            () -> registry.find("baseline_rr").create(
                context(new StrategyParams("baseline_rr", Map.of("d", 2)))))
        .hasMessage("strategy_params.baseline_rr.d: unknown parameter (this strategy takes none)");
  }

  @Test
  void aChoiceOutsideItsSetIsRejected() {
    assertThatThrownBy(
            () -> registry.find("mesh_hedge").create(
                context(new StrategyParams("mesh_hedge", Map.of("hedge", "p99")))))
        .hasMessage("strategy_params.mesh_hedge.hedge: must be one of quantile, size_quantile, fixed, got \"p99\"");
  }

  @Test
  void findsAStrategyThroughServiceLoader() throws InvalidInputException {
    StrategyProvider provider = registry.find(TestProvider.NAME);
    RoutingStrategy strategy = provider.create(context(StrategyParams.none(TestProvider.NAME)));
    assertThat(strategy.route(request(), new ArrayClusterView(1, 4)).node()).isEqualTo(3);
  }

  @Test
  void findsAStrategyByClassName() throws InvalidInputException {
    assertThat(registry.find(TestProvider.class.getName()).name()).isEqualTo(TestProvider.NAME);
  }

  @Test
  void unknownNameSuggestsTheClosest() {
    assertThatThrownBy(() -> registry.find("power_of_tow"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("strategy \"power_of_tow\": unknown")
        .hasMessageContaining("did you mean \"power_of_two\"?");
  }

  @Test
  void unknownClassNameSaysWhereToPutTheJar() {
    assertThatThrownBy(() -> registry.find("com.acme.Missing"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "strategy \"com.acme.Missing\": no such class on the class path (add its jar with --strategy-path)");
  }

  @Test
  void classThatIsNotAProviderIsRefused() {
    assertThatThrownBy(() -> registry.find(String.class.getName()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not implement dev.fabricplanner.strategy.StrategyProvider");
  }

  @Test
  void paramsRejectWrongTypesAndReportUnreadKeys() throws InvalidInputException {
    StrategyParams params = new StrategyParams("power_of_two", Map.of("d", 3, "dd", 1, "w", "x"));
    assertThat(params.integer("d", 2, 1, 64)).isEqualTo(3);
    assertThat(params.unknownKeys()).containsExactly("dd", "w");
    assertThatThrownBy(() -> params.number("w", 1.0, 0, 1))
        .hasMessage("strategy_params.power_of_two.w: must be a number in [0.0, 1.0], got \"x\"");
    assertThatThrownBy(() -> new StrategyParams("p", Map.of("d", 2.5)).integer("d", 2, 1, 64))
        .hasMessage("strategy_params.p.d: must be an integer in [1, 64], got 2.5");
  }

  static RoutingRequest request() {
    return new RoutingRequest(1, RequestType.LLM, 0, 0, 100, 400);
  }

  static StrategyContext context(StrategyParams params) {
    return new StrategyContext(params, new SplittableRandom(7), new ArrayClusterView(1, 4));
  }
}
