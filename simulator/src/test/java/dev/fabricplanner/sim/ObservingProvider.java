package dev.fabricplanner.sim;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyProvider;

/**
 * For tests: runs another provider's strategy unchanged, under its name, and shows the test each
 * decision it makes. Subclasses keep what they saw; the wrapping and forwarding are written here once.
 */
public abstract class ObservingProvider implements StrategyProvider {
  private final StrategyProvider observed;

  protected ObservingProvider(StrategyProvider observed) {
    this.observed = observed;
  }

  @Override
  public final String name() {
    return observed.name();
  }

  @Override
  public final String description() {
    return observed.description() + ", observed by a test";
  }

  /** One decision, before the simulator carries it out: the view is still the one it was made on. */
  protected abstract void routed(RoutingRequest request, ClusterView view, RoutingDecision decision);

  /** A request the strategy routed completed; called before the strategy hears of it. */
  protected void completed(CompletionFeedback feedback) {}

  /**
   * Whether the run keeps the precise KV index: as the strategy says, unless the observer reads it
   * too (it then costs time but changes no decision).
   */
  protected boolean readsKvEvents(RoutingStrategy strategy) {
    return strategy.readsKvEvents();
  }

  @Override
  public final RoutingStrategy create(StrategyContext context) throws InvalidInputException {
    RoutingStrategy strategy = observed.create(context);
    return new RoutingStrategy() {
      @Override
      public RoutingDecision route(RoutingRequest request, ClusterView view) {
        RoutingDecision decision = strategy.route(request, view);
        routed(request, view, decision);
        return decision;
      }

      @Override
      public boolean readsKvEvents() {
        return ObservingProvider.this.readsKvEvents(strategy);
      }

      @Override
      public void onCompletion(CompletionFeedback feedback) {
        completed(feedback);
        strategy.onCompletion(feedback);
      }

      @Override
      public void onRequestLeft(long requestId, int node) {
        strategy.onRequestLeft(requestId, node);
      }
    };
  }
}
