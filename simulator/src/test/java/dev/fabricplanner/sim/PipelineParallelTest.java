package dev.fabricplanner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.engine.EventQueue;
import dev.fabricplanner.sim.output.ResultJson;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Llama-3.1-70B (141 GB of BF16 weights) needs two H100s' memory: split by TP 2 or by PP 2. Two
 * servers of examples/disaggregated.yaml's H100 profile, unbound, 2,048-token prompts and 64-token
 * answers at 2 req/s.
 */
class PipelineParallelTest {
  static SimulationConfig llama70b(String parallelism) throws Exception {
    return config("meta-llama/Llama-3.1-70B-Instruct", parallelism);
  }

  static SimulationConfig config(String model, String parallelism) throws Exception {
    String text = Files.readString(Path.of("..", "examples", "disaggregated.yaml"));
    text = text.substring(0, text.indexOf("disaggregation:"))
        .replace("  - pd_load\n  - pd_transport\n", "  - least_queue\n")
        .replace("  pd_transport: { load_weight_ms: 100 }\n", "")
        .replace("  cells: 2\n", "  cells: 1\n")
        .replace("rps: 8", "rps: 2")
        .replace("in_tokens: { dist: lognormal, mu: 6.633, sigma: 0.985 }",
            "in_tokens: { dist: constant, value: 2048 }")
        .replace("out_tokens: { dist: lognormal, mu: 5.019, sigma: 0.859 }",
            "out_tokens: { dist: constant, value: 64 }")
        .replace("    tp: 1\n", "    model: " + model + "\n" + parallelism);
    return ConfigLoader.parse(text, "llama70b.yaml");
  }

  static SimulationResult run(SimulationConfig config) throws Exception {
    return Simulation.run(config, "least_queue",
        StrategyRegistry.fromClassPath().find("least_queue"), StrategyParams.none("least_queue"),
        ProgressListener.NONE);
  }

  @Test
  void pp2HoldsAsMuchKvAsTp2AndServesEveryRequestAtAboutTwiceItsTpot() throws Exception {
    SimulationConfig tp2 = llama70b("    tp: 2\n");
    SimulationConfig pp2 = llama70b("    tp: 1\n    pp: 2\n");
    Fleet tpFleet = ClusterLayout.build(tp2, new EventQueue(16), new RequestTable(16));
    Fleet ppFleet = ClusterLayout.build(pp2, new EventQueue(16), new RequestTable(16));
    // Per GPU: TP splits the KV heads, PP the layers: the same bytes per token either way.
    assertEquals(tpFleet.classOfNode(0).kvBlocks(), ppFleet.classOfNode(0).kvBlocks(),
        0.001 * tpFleet.classOfNode(0).kvBlocks());
    assertEquals(2 * 2048, ppFleet.classOfNode(0).maxNumBatchedTokens());
    assertEquals(tpFleet.classOfNode(0).vramBytes(), ppFleet.classOfNode(0).vramBytes());

    SimulationResult tp = run(tp2);
    SimulationResult pp = run(pp2);
    assertTrue(tp.invariantsHold() && pp.invariantsHold(), ResultJson.render(pp));
    // A decode step is weight-read bound: a TP 2 step reads half the weights on each GPU; a PP 2
    // step runs two micro-batches, each through both stages, a whole read per token interval.
    double ratio = pp.serving().tpotMs().get("all").mean() / tp.serving().tpotMs().get("all").mean();
    System.out.printf("[pp] Llama-3.1-70B on 2 x H100: TPOT tp2 %.2f ms, pp2 %.2f ms (x%.2f)%n",
        tp.serving().tpotMs().get("all").mean(), pp.serving().tpotMs().get("all").mean(), ratio);
    assertTrue(ratio > 1.6 && ratio < 2.4, "TPOT pp2 / tp2 = " + ratio);
    assertEquals(ResultJson.render(pp), ResultJson.render(run(pp2)));
  }

  @Test
  void aStageThatDoesNotFitItsGpusIsOneLineNamingTpAndPp() {
    // Llama-3.1-405B's 811 GB over 2 x 2 H100s: 203 GB a GPU.
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> config("meta-llama/Llama-3.1-405B-Instruct", "    tp: 2\n    pp: 2\n"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("does not fit on engine.tp 2 x engine.pp 2 x H100"),
        e.getMessage());
  }

  @Test
  void badPipelineDegreesAreOneLineNamingTheKey() {
    // Out of range: only that line, not a fit check run on the default in its place.
    InvalidInputException zero = assertThrows(InvalidInputException.class,
        () -> llama70b("    tp: 1\n    pp: 0\n"));
    assertEquals(1, zero.getMessage().lines().count(), zero.getMessage());
    assertTrue(zero.getMessage().contains("topology.engine.pp: must be an integer in [1, 64]"),
        zero.getMessage());
    // More stages than layers: Llama-3.1-8B has 32.
    InvalidInputException deep = assertThrows(InvalidInputException.class,
        () -> config("meta-llama/Llama-3.1-8B-Instruct", "    tp: 1\n    pp: 33\n"));
    assertEquals(1, deep.getMessage().lines().count(), deep.getMessage());
    assertTrue(deep.getMessage().contains("engine.pp 33: meta-llama/Llama-3.1-8B-Instruct has 32"
        + " layers, so at most 32 pipeline stages"), deep.getMessage());
  }
}
