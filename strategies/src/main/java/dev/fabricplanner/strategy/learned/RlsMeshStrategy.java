package dev.fabricplanner.strategy.learned;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.mesh.CandidateCells;
import dev.fabricplanner.strategy.mesh.CandidateNodes;
import dev.fabricplanner.strategy.mesh.MeshParams;
import dev.fabricplanner.strategy.mesh.OwnSends;
import dev.fabricplanner.strategy.observed.OutputLengthPredictor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code rls_mesh} (InferMesh's {@code ml_enhanced_mesh}, still registered under that name): learns the
 * latency a node will give from completed requests with a linear model fitted online by {@link
 * RecursiveLeastSquares} (with forgetting), not a neural or tree model; it predicts latency in ms from
 *
 * <pre>
 *   x = [1, q/c, max(0, q+1−c)/c, utilization, VRAM, RTT(origin, cell)/100 ms,
 *        sent since publication / c, predicted output tokens / 1000]
 * </pre>
 *
 * and each request goes to the sampled candidate with the least prediction, or, with probability
 * {@code exploration}, to a random candidate of its origin cell so that the fit keeps seeing every
 * kind of node without paying a WAN round trip to explore. The
 * features of each routed request are kept (bounded) until it completes, then the fit is updated with
 * its observed latency. The output length is predicted ({@link OutputLengthPredictor}) from the prompt
 * length and the answers seen so far: the router never knows it in advance. The prior coefficients make it behave like {@code mesh} before it has data.
 * Cost: O(candidates × 8) per decision plus O(64) per completion.
 */
public final class RlsMeshStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "rls_mesh",
          "recursive least squares fit of observed latency on the signals, epsilon-greedy over sampled"
              + " nodes",
          RlsMeshStrategy::create);

  /** InferMesh's name for the same strategy, kept so configs that use it still run. */
  public static final SimpleProvider OLD_NAME =
      new SimpleProvider(
          "ml_enhanced_mesh",
          "old name of rls_mesh: recursive least squares fit of observed latency, epsilon-greedy",
          RlsMeshStrategy::create);

  static final int FEATURES = 8;
  private static final int MAX_PENDING = 1 << 16;

  private final MeshParams params;
  private final double exploration;
  private final SplittableRandom random;
  private final CandidateNodes candidates;
  private final OwnSends sends;
  private final RecursiveLeastSquares model;
  private final double[][] candidateFeatures;
  private final OutputLengthPredictor outputLength = new OutputLengthPredictor(0);
  private final Map<Long, double[]> pending =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, double[]> eldest) {
          return size() > MAX_PENDING;
        }
      };

  private RlsMeshStrategy(
      StrategyContext context, MeshParams params, double exploration, double priorVariance,
      double forgetting) {
    ClusterView view = context.view();
    this.params = params;
    this.exploration = exploration;
    this.random = context.random();
    this.candidates =
        new CandidateNodes(
            view, new CandidateCells(view, params.neighbourCells(), random),
            params.samplesPerCell(), random);
    this.sends = new OwnSends(view.nodeCount());
    double s = params.serviceMs();
    // Before any data: mesh's formula (service time, queueing, batching, 100 ms per RTT unit).
    double[] prior = {s, params.batchWeight() * s, s, 0, 0, 100 * params.rttWeight(), s, 0};
    this.model = new RecursiveLeastSquares(prior, priorVariance, forgetting);
    this.candidateFeatures = new double[candidates.nodes().length][FEATURES];
  }

  private static RlsMeshStrategy create(StrategyContext context)
      throws InvalidInputException {
    var p = context.params();
    MeshParams params = MeshParams.read(p);
    return new RlsMeshStrategy(
        context, params,
        p.number("exploration", 0.05, 0, 1),
        p.number("prior_variance", 1000, 1e-6, 1e12),
        p.number("forgetting", 0.999, 0.5, 1));
  }

  void features(ClusterView view, RoutingRequest request, int node, double[] x) {
    double q = view.queueDepth(node);
    double c = view.capacity(node);
    x[0] = 1;
    x[1] = q / c;
    x[2] = Math.max(0, q + 1 - c) / c;
    x[3] = view.utilization(node);
    x[4] = view.vramUtilization(node);
    x[5] = view.rttMs(request.originCell(), view.cellOf(node)) / 100;
    x[6] = sends.unseen(view, node) / c;
    x[7] = outputLength.predict(request.type(), request.inputTokens()) / 1000.0;
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int count = candidates.sample(request.originCell(), -1);
    if (count == 0) {
      return RoutingDecision.to(-1);
    }
    int[] nodes = candidates.nodes();
    int chosen;
    int local = candidates.inOrigin();
    if (exploration > 0 && local > 1 && random.nextDouble() < exploration) {
      // Explore within the origin cell: a random remote pick would pay the WAN round trip.
      chosen = random.nextInt(local);
      features(view, request, nodes[chosen], candidateFeatures[chosen]);
    } else {
      chosen = 0;
      double bestMs = Double.POSITIVE_INFINITY;
      for (int i = 0; i < count; i++) {
        features(view, request, nodes[i], candidateFeatures[i]);
        double ms = model.predict(candidateFeatures[i]);
        if (ms < bestMs) {
          chosen = i;
          bestMs = ms;
        }
      }
    }
    int node = nodes[chosen];
    pending.put(request.id(), candidateFeatures[chosen].clone());
    sends.sent(view, node);
    return RoutingDecision.to(node);
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    double[] x = pending.remove(feedback.request().id());
    if (x != null) {
      model.update(x, feedback.latencyMs());
    }
    RoutingRequest request = feedback.request();
    outputLength.observe(request.type(), request.inputTokens(), feedback.outputTokens());
  }

  /** The fitted coefficients, in the order of the feature vector. */
  public double[] coefficients() {
    return model.coefficients();
  }
}
