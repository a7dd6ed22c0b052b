package dev.fabricplanner.sim.exec;

import dev.fabricplanner.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** Turns measured runs into stage observations, with the reason for each stage left out. */
public final class StageObservations {
  private StageObservations() {}

  /** What was usable and what was not, with why. */
  public record Collected(List<StageObservation> observations, List<String> skipped) {
    public Collected {
      observations = List.copyOf(observations);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Every stage that is steady state and fully described; a run whose model or GPU the catalogs lack
   * is an input error (one line naming the known ones).
   */
  public static Collected collect(List<MeasuredExperiment> experiments, ModelCatalog models,
      GpuSpecs gpus) throws InvalidInputException {
    List<StageObservation> observations = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (MeasuredExperiment run : experiments) {
      ModelSpec model = models.find(run.model());
      GpuSpec gpu = gpus.find(run.gpu());
      if (run.overloaded()) {
        skipped.add(run.id() + ": overloaded (requests timed out), so its stages are not steady state");
        continue;
      }
      for (MeasuredExperiment.Stage stage : run.stages()) {
        String label = run.id() + "#" + stage.index();
        if (stage.rateRps() == null) {
          skipped.add(label + ": the stage's arrival rate was not recorded");
          continue;
        }
        if (!(stage.e2eMeanMs() > stage.ttftMeanMs())) {
          skipped.add(label + ": E2E mean is not above TTFT mean");
          continue;
        }
        double prompt = stage.promptTokensMean() != null ? stage.promptTokensMean()
            : (run.systemPromptTokens() + run.questionTokens()) * StageObservation.PROMPT_FRAMING;
        double output = (stage.e2eMeanMs() - stage.ttftMeanMs()) / stage.tpotMeanMs() + 1;
        double cached = promptsRecur(run, model, gpu, prompt)
            ? prompt - (run.blockSizeTokens() + 1) / 2.0
            : run.systemPromptTokens();
        observations.add(new StageObservation(run.id(), stage.index(), model, gpu, run.tp(),
            run.maxNumBatchedTokens(), run.maxNumSeqs(), stage.rateRps(), prompt, cached, output,
            stage.ttftMeanMs(), stage.tpotMeanMs(), stage.e2eMeanMs()));
      }
    }
    return new Collected(observations, skipped);
  }

  /**
   * inference-perf's shared_prefix generator makes groups × users fixed prompts and cycles through
   * them (kubernetes-sigs/inference-perf, datagen/shared_prefix_datagen.py), so once they all fit in
   * the KV cache, each prompt after its first use is a prefix-cache hit but for its last, partial
   * block (vLLM caches whole blocks and always computes at least one token).
   */
  private static boolean promptsRecur(
      MeasuredExperiment run, ModelSpec model, GpuSpec gpu, double prompt)
      throws InvalidInputException {
    double distinctTokens = (double) run.distinctPrompts() * prompt;
    KvCapacity capacity = KvCapacity.of(model, gpu, run.tp(), run.gpuMemoryUtilizationOrDefault(),
        run.blockSizeTokens());
    return distinctTokens <= capacity.tokens() / 2.0;
  }
}
