package dev.fabricplanner.sim.workload;

import dev.fabricplanner.sim.config.ServiceModel;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.WorkloadConfig;
import java.util.SplittableRandom;

/**
 * Makes the requests of a run, one at a time, drawing every attribute (arrival time, type, tenant,
 * origin cell, sizes, and the service time of a validation run) at generation from the workload's own
 * streams. Nothing here depends on routing, so every strategy sees the identical request sequence.
 *
 * <p>Sizes follow mesh-sim: an image of p pixels costs p/1000 x complexity input tokens and a quarter of
 * that as output; a second of audio costs 100 input tokens and half as many output tokens. Payloads: 4
 * bytes per prompt token, 3 bytes per pixel (raw RGB), 2 bytes per audio sample (16-bit PCM); responses
 * carry 4 bytes per output token.
 */
public final class RequestGenerator implements RequestSource {
  public static final int LLM = 0;
  public static final int VISION = 1;
  public static final int ASR = 2;

  public static final int BYTES_PER_TEXT_TOKEN = 4;
  static final int BYTES_PER_PIXEL = 3;
  static final int BYTES_PER_AUDIO_SAMPLE = 2;

  private final ArrivalProcess arrivals;
  private final double endMs;
  private final double llmBelow;
  private final double visionBelow;
  private final DistributionSampler llmIn;
  private final DistributionSampler llmOut;
  private final DistributionSampler imagePixels;
  private final DistributionSampler complexity;
  private final DistributionSampler audioSeconds;
  private final int sampleRate;
  private final TenantPicker tenants;
  private final int cells;
  private final int serviceKind;
  private final double serviceMeanMs;
  private final int serviceShape;

  private final SplittableRandom typeStream;
  private final SplittableRandom tenantStream;
  private final SplittableRandom originStream;
  private final SplittableRandom sizeStream;
  private final SplittableRandom serviceStream;

  private long nextId;
  private double nextArrivalMs;

  // The last request generated.
  private long id;
  private double arrivalMs;
  private int type;
  private int tenant;
  private int originCell;
  private int inputTokens;
  private int outputTokens;
  private long payloadBytes;
  private long responseBytes;
  private double serviceMs;

  public RequestGenerator(SimulationConfig config, RandomStreams streams) {
    WorkloadConfig workload = config.workload();
    arrivals = new ArrivalProcess(workload.arrival(), streams.stream("workload.arrivals"));
    endMs = Math.min(workload.durationS(), config.durationS()) * 1000.0;
    llmBelow = workload.mix().llmFraction();
    visionBelow = llmBelow + workload.mix().visionFraction();
    llmIn = new DistributionSampler(workload.llm().inTokens());
    llmOut = new DistributionSampler(workload.llm().outTokens());
    imagePixels = new DistributionSampler(workload.vision().imageSize());
    complexity = new DistributionSampler(workload.vision().processingComplexity());
    audioSeconds = new DistributionSampler(workload.asr().audioDurationS());
    sampleRate = workload.asr().sampleRate();
    tenants = new TenantPicker(workload.tenants());
    cells = config.topology().cells();
    ServiceModel service = config.serviceModel().orElse(null);
    serviceKind = service == null ? -1 : service.distribution().ordinal();
    serviceMeanMs = service == null ? 0 : service.meanMs();
    serviceShape =
        service != null && service.distribution() == ServiceModel.Kind.ERLANG
            ? Math.max(1, service.shape())
            : 1;
    typeStream = streams.stream("workload.type");
    tenantStream = streams.stream("workload.tenant");
    originStream = streams.stream("workload.origin");
    sizeStream = streams.stream("workload.size");
    serviceStream = streams.stream("workload.service");
    nextArrivalMs = arrivals.next();
  }

  @Override
  public double nextArrivalMs() {
    return nextArrivalMs < endMs ? nextArrivalMs : Double.POSITIVE_INFINITY;
  }

  /** Generates the request arriving at {@link #nextArrivalMs()} and draws the following arrival. */
  @Override
  public void generate() {
    id = nextId++;
    arrivalMs = nextArrivalMs;
    nextArrivalMs = arrivals.next();
    double u = typeStream.nextDouble();
    type = u < llmBelow ? LLM : (u < visionBelow ? VISION : ASR);
    tenant = tenants.pick(tenantStream);
    originCell = cells == 1 ? 0 : originStream.nextInt(cells);
    switch (type) {
      case LLM -> {
        inputTokens = atLeastOne(llmIn.sample(sizeStream));
        outputTokens = atLeastOne(llmOut.sample(sizeStream));
        payloadBytes = (long) inputTokens * BYTES_PER_TEXT_TOKEN;
      }
      case VISION -> {
        double pixels = imagePixels.sample(sizeStream);
        inputTokens = atLeastOne(pixels / 1000 * complexity.sample(sizeStream));
        outputTokens = atLeastOne(inputTokens / 4.0);
        payloadBytes = (long) pixels * BYTES_PER_PIXEL;
      }
      default -> {
        double seconds = audioSeconds.sample(sizeStream);
        inputTokens = atLeastOne(seconds * 100);
        outputTokens = atLeastOne(inputTokens / 2.0);
        payloadBytes = (long) (seconds * sampleRate) * BYTES_PER_AUDIO_SAMPLE;
      }
    }
    responseBytes = (long) outputTokens * BYTES_PER_TEXT_TOKEN;
    serviceMs = serviceKind < 0 ? 0 : drawService();
  }

  private double drawService() {
    if (serviceKind == ServiceModel.Kind.DETERMINISTIC.ordinal()) {
      return serviceMeanMs;
    }
    // Exponential is Erlang with one phase; each phase has mean serviceMean / k.
    double sum = 0;
    for (int phase = 0; phase < serviceShape; phase++) {
      sum -= Math.log(1 - serviceStream.nextDouble());
    }
    return sum * serviceMeanMs / serviceShape;
  }

  private static int atLeastOne(double tokens) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 4, Math.round(tokens)));
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public double arrivalMs() {
    return arrivalMs;
  }

  @Override
  public int type() {
    return type;
  }

  @Override
  public int tenant() {
    return tenant;
  }

  @Override
  public int originCell() {
    return originCell;
  }

  @Override
  public int inputTokens() {
    return inputTokens;
  }

  @Override
  public int outputTokens() {
    return outputTokens;
  }

  @Override
  public long payloadBytes() {
    return payloadBytes;
  }

  @Override
  public long responseBytes() {
    return responseBytes;
  }

  @Override
  public double serviceMs() {
    return serviceMs;
  }
}
