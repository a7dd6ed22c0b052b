package dev.fabricplanner.sim.trace;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TracePromptStructure;
import dev.fabricplanner.sim.config.WorkloadConfig;
import dev.fabricplanner.sim.workload.BlockHashes;
import dev.fabricplanner.sim.workload.RandomStreams;
import dev.fabricplanner.sim.workload.SharedPrefixPrompts;
import dev.fabricplanner.sim.workload.TextRequestCursor;
import dev.fabricplanner.sim.workload.TenantPicker;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Replays a trace as the run's requests: every line is an LLM request with the trace's arrival time
 * and token counts; tenant and origin cell are drawn from the run's own seeded streams (the traces
 * carry neither), so a seed gives the same run every time. Hash ids become 16-token block hashes
 * (see {@link BlockHashes#fromBlockIds}). A count of 0 tokens (a failed request in some traces)
 * counts as 1 token, since every request is prefilled and answers at least once. A trace that
 * recorded no prefixes can have its prompts rebuilt from a shared_prefix structure ({@link
 * SharedPrefixPrompts}). Each run opens its
 * own reader, streaming the file.
 */
public final class TraceRequestSource extends TextRequestCursor implements AutoCloseable {
  private static final int MAX_TOKENS = Integer.MAX_VALUE / 4;

  private final TraceReader reader;
  private final double endMs;
  private final TenantPicker tenants;
  private final int cells;
  private final SplittableRandom tenantStream;
  private final SplittableRandom originStream;
  private boolean pending;
  private long nextId;

  private long[] hashIds;
  private long sequence;
  /** Prompts rebuilt from the trace's shared_prefix structure; null: the trace's own hash ids. */
  private final SharedPrefixPrompts prompts;
  private final TracePromptStructure structure;

  public TraceRequestSource(SimulationConfig config, RandomStreams streams)
      throws InvalidInputException {
    WorkloadConfig workload = config.workload();
    TraceConfig trace =
        workload.trace().orElseThrow(() -> new IllegalArgumentException("no trace configured"));
    reader = TraceReader.open(trace);
    endMs = Math.min(workload.durationS(), config.durationS()) * 1000.0;
    tenants = new TenantPicker(workload.tenants());
    cells = config.topology().cells();
    tenantStream = streams.stream("workload.tenant");
    originStream = streams.stream("workload.origin");
    structure = trace.prompts().orElse(null);
    prompts = structure == null ? null : new SharedPrefixPrompts(structure, streams);
    try {
      pending = reader.next();
    } catch (InvalidInputException failed) {
      close();
      throw failed;
    }
  }

  @Override
  public double nextArrivalMs() {
    return pending && reader.arrivalMs() < endMs ? reader.arrivalMs() : Double.POSITIVE_INFINITY;
  }

  @Override
  public void generate() {
    id = nextId++;
    arrivalMs = reader.arrivalMs();
    tenant = tenants.pick(tenantStream);
    originCell = cells == 1 ? 0 : originStream.nextInt(cells);
    if (reader.failed()) {
      // The client recorded no token counts for it: its pair's configured prompt and answer.
      inputTokens = tokens(structure.systemPromptLen() + (long) structure.questionLen());
      outputTokens = tokens(structure.outputLen());
    } else {
      inputTokens = tokens(reader.inputTokens());
      outputTokens = tokens(reader.outputTokens());
    }
    hashIds = reader.hashIds();
    sequence = reader.sequence();
    try {
      pending = reader.next();
    } catch (InvalidInputException failed) {
      throw new TraceFailure(failed);
    }
    if (!pending) {
      close();
    }
  }

  private static int tokens(long count) {
    return (int) Math.max(1, Math.min(MAX_TOKENS, count));
  }

  @Override
  public long[] promptBlockHashes() {
    if (prompts != null) {
      return prompts.hashes(sequence, inputTokens);
    }
    return BlockHashes.fromBlockIds(hashIds, reader.blockSize(), inputTokens);
  }











  /** Whether the trace had requests left when the run's duration ended. */
  public boolean endedEarly() {
    return pending && reader.arrivalMs() >= endMs;
  }

  /** Reader statistics for reporting: lines skipped as bad, requests the trace marks failed. */
  public TraceReader reader() {
    return reader;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException ignored) {
      // Reading is over; a failure to release the file changes no result.
    }
  }
}
