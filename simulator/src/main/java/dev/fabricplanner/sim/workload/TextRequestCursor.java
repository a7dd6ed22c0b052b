package dev.fabricplanner.sim.workload;

/**
 * The current request of a source whose requests are all text (LLM) requests, such as a trace or the
 * shared_prefix workload: the source sets these fields in {@link #generate()}, and the accessors and
 * payload sizes follow from them as they do for generated LLM requests.
 */
public abstract class TextRequestCursor implements RequestSource {
  protected long id;
  protected double arrivalMs;
  protected int tenant;
  protected int originCell;
  protected int inputTokens;
  protected int outputTokens;

  @Override
  public final long id() {
    return id;
  }

  @Override
  public final double arrivalMs() {
    return arrivalMs;
  }

  @Override
  public final int type() {
    return RequestGenerator.LLM;
  }

  @Override
  public final int tenant() {
    return tenant;
  }

  @Override
  public final int originCell() {
    return originCell;
  }

  @Override
  public final int inputTokens() {
    return inputTokens;
  }

  @Override
  public final int outputTokens() {
    return outputTokens;
  }

  @Override
  public final long payloadBytes() {
    return (long) inputTokens * RequestGenerator.BYTES_PER_TEXT_TOKEN;
  }

  @Override
  public final long responseBytes() {
    return (long) outputTokens * RequestGenerator.BYTES_PER_TEXT_TOKEN;
  }

  @Override
  public final double serviceMs() {
    return 0;
  }
}
