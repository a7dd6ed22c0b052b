package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RequestType;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.observed.LatencyQuantile;
import dev.fabricplanner.strategy.observed.OutputLengthPredictor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mesh_hedge}: {@code mesh}, plus a real hedge. Each request asks the engine for a duplicate
 * after a delay: fixed ({@code hedge: fixed}), the {@code hedge_quantile} of recently observed latency
 * ({@code hedge: quantile}), or that quantile of observed latency per output token, per request type,
 * times 1 + the request's predicted output tokens ({@code hedge: size_quantile}, the default: it hedges
 * requests that are slow for their expected size, not merely large ones). The output length is
 * predicted ({@link OutputLengthPredictor}) from the prompt length and the answers seen so far: the
 * router never knows it in advance. The first answer wins and the engine cancels the
 * other. The engine routes the duplicate through this strategy again with the same request id, so a
 * repeated id is recognised and sent to the best candidate other than the first copy's node.
 */
public final class MeshHedgeStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "mesh_hedge",
          "mesh, plus a duplicate to another node after a fixed delay or an observed latency quantile",
          MeshHedgeStrategy::create);

  /** Requests whose first copy is out; bounded because dropped requests never report back. */
  private static final int MAX_TRACKED = 1 << 16;

  private static final RequestType[] TYPES = RequestType.values();

  private final MeshStrategy mesh;
  private final String mode;
  private final double fixedDelayMs;
  private final double quantile;
  private final LatencyQuantile observed;
  private final LatencyQuantile[] perTokenByType = new LatencyQuantile[TYPES.length];
  private final OutputLengthPredictor outputLength = new OutputLengthPredictor(0);
  private final Map<Long, Integer> firstNode =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  private MeshHedgeStrategy(
      MeshStrategy mesh, String mode, double fixedDelayMs, double quantile, int window) {
    this.mesh = mesh;
    this.mode = mode;
    this.fixedDelayMs = fixedDelayMs;
    this.quantile = quantile;
    this.observed = new LatencyQuantile(window);
    for (int t = 0; t < TYPES.length; t++) {
      perTokenByType[t] = new LatencyQuantile(window);
    }
  }

  private static MeshHedgeStrategy create(StrategyContext context) throws InvalidInputException {
    MeshParams params = MeshParams.read(context.params());
    String mode =
        context.params().choice("hedge", "size_quantile", List.of("quantile", "size_quantile", "fixed"));
    double delay = context.params().number("hedge_delay_ms", 100, 0, 3_600_000);
    double quantile = context.params().number("hedge_quantile", 0.95, 0.5, 0.9999);
    int window = context.params().integer("hedge_window", 1000, 10, 10_000_000);
    return new MeshHedgeStrategy(
        new MeshStrategy(context, params), mode, delay, quantile, window);
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    Integer first = firstNode.get(request.id());
    if (first != null) {
      // The engine's duplicate (or a retry): anywhere but where the first copy went.
      int node = mesh.choose(request, view, first);
      return RoutingDecision.to(node >= 0 ? node : first);
    }
    int node = mesh.choose(request, view, -1);
    if (node < 0) {
      return RoutingDecision.to(-1);
    }
    firstNode.put(request.id(), node);
    return RoutingDecision.toWithHedge(node, delayMs(request));
  }

  /** The hedge delay for a request: fixed, or from the observed quantile once a window has filled. */
  public double delayMs(RoutingRequest request) {
    switch (mode) {
      case "quantile":
        return observed.ready() ? observed.quantileMs(quantile) : fixedDelayMs;
      case "size_quantile":
        LatencyQuantile perToken = perTokenByType[request.type().ordinal()];
        return perToken.ready()
            ? perToken.quantileMs(quantile)
                * (1 + outputLength.predict(request.type(), request.inputTokens()))
            : fixedDelayMs;
      default:
        return fixedDelayMs;
    }
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    firstNode.remove(feedback.request().id());
    RoutingRequest request = feedback.request();
    observed.observe(feedback.latencyMs());
    perTokenByType[request.type().ordinal()].observe(
        feedback.latencyMs() / (1 + feedback.outputTokens()));
    outputLength.observe(request.type(), request.inputTokens(), feedback.outputTokens());
    mesh.onCompletion(feedback);
  }
}
