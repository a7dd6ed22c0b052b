package dev.fabricplanner.sim.cluster;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.EngineSettings;
import dev.fabricplanner.sim.config.GpuCatalog;
import dev.fabricplanner.sim.config.GpuProfile;
import dev.fabricplanner.sim.config.MigProfile;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TopologyConfig;
import dev.fabricplanner.sim.config.TopologyReader;
import dev.fabricplanner.sim.exec.CoefficientsFile;
import dev.fabricplanner.sim.exec.ExecutionModel;
import dev.fabricplanner.sim.exec.GpuSpec;
import dev.fabricplanner.sim.exec.KvCapacity;
import dev.fabricplanner.sim.exec.LinkCost;
import dev.fabricplanner.sim.exec.MeasuredCollectives;
import dev.fabricplanner.sim.exec.PipelineStepModel;
import dev.fabricplanner.sim.exec.ModelCatalog;
import dev.fabricplanner.sim.exec.ModelSpec;
import dev.fabricplanner.sim.exec.RooflineEfficiencies;
import dev.fabricplanner.sim.exec.RooflineModel;
import dev.fabricplanner.sim.exec.TransferTime;
import dev.fabricplanner.sim.engine.EventQueue;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays the configured topology out as a {@link Fleet}: which profile each node gets and what its servers
 * (whole GPU or MIG slices) can do.
 *
 * <p>Profiles are spread by share inside every cell (node j of a cell takes the profile whose
 * cumulative share covers (j + 0.5) / nodesPerCell), so every cell has the same mix. With MIG enabled
 * each node's GPU becomes the listed slices; a slice's speed factor is its {@code tokens_per_s} over the
 * GPU's (its {@code fraction} when the GPU gives none): prefill and decode run that much slower, and it
 * gets {@code fraction} of the VRAM for weights and KV (a model sized to the slice).
 */
public final class ClusterLayout {
  /** Tokens per block of {@code RequestSource.promptBlockHashes()}. */
  static final int PROMPT_HASH_BLOCK_TOKENS = 16;

  private ClusterLayout() {}

  public static Fleet build(SimulationConfig config, EventQueue events, RequestTable requests) {
    TopologyConfig topology = config.topology();
    boolean plain = config.serviceModel().isPresent();
    List<GpuProfile> profiles = topology.gpuProfiles();
    boolean mig = !plain && topology.mig().enable() && !topology.mig().profiles().isEmpty();
    List<MigProfile> slices = mig ? topology.mig().profiles() : List.of();
    int serversPerNode = mig ? slices.size() : 1;
    ServerClass[] classes = new ServerClass[profiles.size() * serversPerNode];
    EngineSettings engine = topology.engine();
    for (int p = 0; p < profiles.size(); p++) {
      GpuProfile gpu = profiles.get(p);
      if (!mig && !plain && engine.namesModel()) {
        classes[p] = rooflineClass(gpu, engine, p);
      } else if (!mig) {
        classes[p] = serverClass(gpu, engine, p, gpu.name(), 1, 1, gpu.concurrency(), plain);
      } else {
        for (int k = 0; k < serversPerNode; k++) {
          MigProfile slice = slices.get(k);
          double speed =
              gpu.tokensPerS() > 0 && slice.tokensPerS() > 0
                  ? (double) slice.tokensPerS() / gpu.tokensPerS()
                  : slice.fraction();
          classes[p * serversPerNode + k] =
              serverClass(gpu, engine, p, gpu.name() + "/" + slice.name(), speed, slice.fraction(),
                  slice.concurrency(), false);
        }
      }
    }
    int cells = topology.cells();
    int perCell = topology.nodesPerCell();
    int nodes = cells * perCell;
    double[] cumulative = new double[profiles.size()];
    double total = topology.totalShare();
    double running = 0;
    for (int p = 0; p < profiles.size(); p++) {
      running += profiles.get(p).share();
      cumulative[p] = running / total;
    }
    int[] firstClass = new int[nodes];
    double[] vram = new double[nodes];
    double[] price = new double[nodes];
    for (int n = 0; n < nodes; n++) {
      double u = ((n % perCell) + 0.5) / perCell;
      int p = 0;
      while (p < profiles.size() - 1 && cumulative[p] <= u) {
        p++;
      }
      firstClass[n] = p * serversPerNode;
      // A server with a catalog model spans tp x pp GPUs: it has (and costs) that many GPUs'.
      int gpus = plain ? 1 : config.topology().engine().gpusPerServer();
      vram[n] = profiles.get(p).vramTotalGb() * 1e9 * gpus;
      price[n] = profiles.get(p).pricePerHour() * gpus;
    }
    String[] profileNames = profiles.stream().map(GpuProfile::name).toArray(String[]::new);
    return new Fleet(
        events, requests, plain, cells, perCell, classes, profileNames, firstClass, serversPerNode,
        vram, price);
  }

  /**
   * Prefix caching needs prompt hashes of the engine's block size: request sources hash 16-token
   * blocks, so another block size turns it off.
   */
  private static boolean prefixCaching(EngineSettings engine) {
    return engine.enablePrefixCaching() && engine.blockSize() == PROMPT_HASH_BLOCK_TOKENS;
  }

  /**
   * Steps of a request's first-token time the engine itself simulates: on average half of the step
   * running when it arrives, then the step that computes its token.
   */
  static final double SIMULATED_FIRST_TOKEN_STEPS = 1.5;

  /** The calibration pricing a named model's steps: the config's file, else the shipped one. */
  private static CoefficientsFile.Fitted coefficients(EngineSettings engine)
      throws InvalidInputException {
    return engine.coefficients().isEmpty()
        ? CoefficientsFile.builtIn()
        : CoefficientsFile.read(Path.of(engine.coefficients()));
  }

  /**
   * A server of tp GPUs of the profile's kind running a catalog model: roofline (or calibrated) step
   * times and vLLM's start-up KV sizing (KvCapacity). The config reader has checked that model and GPU exist and fit.
   */
  private static ServerClass rooflineClass(GpuProfile profile, EngineSettings engine, int index) {
    try {
      ModelSpec model = ModelCatalog.builtIn().find(engine.model());
      GpuSpec gpu = TopologyReader.gpuOf(engine, profile);
      KvCapacity kv =
          KvCapacity.of(model, gpu, engine.tp(), engine.pp(), engine.gpuMemoryUtilization(),
              engine.blockSize());
      int maxSeqs = engine.maxNumSeqs() > 0 ? engine.maxNumSeqs() : Math.max(1, profile.concurrency());
      boolean calibrated = engine.executionModel().equals(EngineSettings.CALIBRATED);
      CoefficientsFile.Fitted fitted = calibrated ? coefficients(engine) : null;
      ExecutionModel execution = stepModel(model, gpu, engine, fitted, null, null, "");
      // The calibration's first-token terms beyond what the engine simulates (waiting for the running
      // step, half a step on average, and the step computing the token): the front end's fixed time
      // and the steps a token waits before it is streamed.
      double frontEndMs = calibrated ? fitted.firstToken().fixedMs() : 0;
      double outputDelaySteps =
          calibrated ? Math.max(0, fitted.firstToken().steps() - SIMULATED_FIRST_TOKEN_STEPS) : 0;
      return new ServerClass(
          profile.name(),
          index,
          execution,
          maxSeqs,
          // pp micro-batches of max_num_batched_tokens each are in flight in one step.
          Math.max(engine.maxNumBatchedTokens() * engine.pp(), maxSeqs),
          engine.blockSize(),
          (int) Math.min(Integer.MAX_VALUE, kv.blocks()),
          model.kvBytesPerToken(),
          model.weightBytes(),
          gpu.deviceMemoryBytes() * engine.tp() * engine.pp(),
          engine.schedulingDelayMs(),
          engine.schedulingDelayUsPerToken() / 1000.0,
          prefixCaching(engine),
          frontEndMs,
          outputDelaySteps);
    } catch (InvalidInputException e) {
      throw new IllegalStateException("unchecked engine settings: " + e.getMessage(), e);
    }
  }

  /**
   * The step model of a server of profile {@code profile}'s kind running the engine's catalog model,
   * as a binding to measured records prices it: its TP all-reduces by {@code collectives} instead of
   * the catalog GPU's nominal link, and (with pp > 1) its pipeline hops by {@code hops}; a null
   * keeps the catalog's price.
   *
   * @param source what the links were measured between, for the model's description
   */
  public static ExecutionModel stepModel(SimulationConfig config, int profile,
      TransferTime collectives, TransferTime hops, String source) throws InvalidInputException {
    EngineSettings engine = config.topology().engine();
    GpuProfile gpuProfile = config.topology().gpuProfiles().get(profile);
    boolean calibrated = engine.executionModel().equals(EngineSettings.CALIBRATED);
    return stepModel(ModelCatalog.builtIn().find(engine.model()),
        TopologyReader.gpuOf(engine, gpuProfile), engine, calibrated ? coefficients(engine) : null,
        collectives, hops, source);
  }

  /**
   * The roofline, or the calibration's model where {@code fitted} is given; measured collectives in
   * place of the nominal ones; with pp > 1 a pipeline of it whose hops are {@code hops}, or the
   * catalog GPU's link (the stages on one host).
   */
  private static ExecutionModel stepModel(ModelSpec model, GpuSpec gpu, EngineSettings engine,
      CoefficientsFile.Fitted fitted, TransferTime collectives, TransferTime hops, String source) {
    int tp = engine.tp();
    RooflineEfficiencies efficiencies =
        fitted != null ? fitted.efficiencies() : RooflineEfficiencies.DEFAULTS;
    ExecutionModel execution = fitted != null
        ? fitted.executionModel(model, gpu, tp)
        : new RooflineModel(model, gpu, tp, efficiencies);
    if (collectives != null && tp > 1) {
      execution = new MeasuredCollectives(execution,
          RooflineModel.nominalAllReduce(model, gpu, tp, efficiencies), collectives, source);
    }
    int pp = engine.pp();
    if (pp > 1) {
      if (hops != null) {
        execution = new PipelineStepModel(execution, pp, hops, source);
      } else {
        LinkCost hop = LinkCost.ofMessage(
            gpu, PipelineStepModel.activationBytesPerToken(model), efficiencies.link());
        execution = new PipelineStepModel(execution, pp, tokens -> (pp - 1) * hop.ms(tokens),
            "the catalog's " + gpu.link());
      }
    }
    return execution;
  }

  /**
   * The server class of a GPU (or a slice of it running at {@code speed} with {@code fraction} of its
   * VRAM). KV blocks = (VRAM x gpu_memory_utilization - weights - activations) / (KV bytes per token x
   * block size). A profile in mesh-sim's per-request KV terms ({@code kv_bytes_per_token: 0}) pages
   * Llama-3.1-8B's KV, the model its figures stand for.
   */
  private static ServerClass serverClass(
      GpuProfile gpu,
      EngineSettings engine,
      int profile,
      String name,
      double speed,
      double fraction,
      int slots,
      boolean plain) {
    double stepBase = 1000.0 / gpu.decodeTokensPerS() / speed;
    double weights = gpu.modelWeightsGb() * 1e9 * fraction;
    double vram = gpu.vramTotalGb() * 1e9 * fraction;
    double kvPerToken =
        gpu.kvBytesPerToken() > 0 ? gpu.kvBytesPerToken() : GpuCatalog.KV_BYTES_PER_TOKEN;
    double kvBytes = vram * engine.gpuMemoryUtilization() - weights - engine.activationGb() * 1e9 * fraction;
    int blocks =
        plain ? Integer.MAX_VALUE : (int) Math.max(0, Math.floor(kvBytes / (kvPerToken * engine.blockSize())));
    // The whole GPU's weight-read floor gives its HBM bandwidth; a slice reads KV at its speed share.
    double fullWeights = gpu.modelWeightsGb() * 1e9;
    double contextMsPerToken =
        fullWeights > 0 ? kvPerToken * (1000.0 / gpu.decodeTokensPerS()) / fullWeights / speed : 0;
    ProfileStepModel model =
        new ProfileStepModel(
            engine.stepOverheadMs(),
            1000.0 / gpu.prefillTokensPerS() / speed,
            stepBase,
            gpu.decodeSlowdownPerSeq(),
            contextMsPerToken);
    int maxSeqs = engine.maxNumSeqs() > 0 ? engine.maxNumSeqs() : Math.max(1, slots);
    return new ServerClass(
        name,
        profile,
        model,
        maxSeqs,
        Math.max(engine.maxNumBatchedTokens(), maxSeqs),
        engine.blockSize(),
        blocks,
        kvPerToken,
        weights,
        vram,
        plain ? 0 : engine.schedulingDelayMs(),
        plain ? 0 : engine.schedulingDelayUsPerToken() / 1000.0,
        !plain && prefixCaching(engine),
        0,
        0);
  }
}
