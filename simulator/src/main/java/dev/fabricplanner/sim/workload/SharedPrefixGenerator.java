package dev.fabricplanner.sim.workload;

import dev.fabricplanner.sim.config.SharedPrefixWorkload;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.WorkloadConfig;
import java.util.SplittableRandom;

/**
 * inference-perf's {@code shared_prefix} workload (kubernetes-sigs/inference-perf,
 * {@code inference_perf/datagen/shared_prefix_datagen.py} and {@code apis/user_session.py}), as
 * token blocks rather than text:
 *
 * <ul>
 *   <li>{@code num_groups} system prompts of {@code system_prompt_len} tokens; each group has {@code
 *       num_prompts_per_group} questions whose lengths (and output lengths) are drawn per group,
 *       normal around the mean with the configured deviation (at least 1 token).
 *   <li>Request i uses slot {@code i mod U} (U = groups x prompts per group), so the same prompts
 *       come back every U requests, as the client's data index cycles through its prompt list.
 *   <li>Single turn: the (prompt, output length) pairs are shuffled once; a prompt is its group's
 *       system prompt then the question.
 *   <li>Multi-turn chat: one user session per slot, shuffled once, starting from its group's system
 *       prompt; request i is session {@code i mod U}'s round {@code i div U} and asks question {@code
 *       i mod U} (the client pairs them the same way). The prompt is the session's history (every
 *       earlier prompt and answer) then the question, and the answer joins the history.
 * </ul>
 *
 * The generator is open-loop: a session's next round arrives on schedule, and its history assumes
 * the earlier rounds answered in full (the calibration runs use ignore_eos, so they did). Arrivals
 * follow {@link ConstantRateStages}. Tenant and origin cell are drawn as for generated requests.
 */
public final class SharedPrefixGenerator extends TextRequestCursor {
  private static final long SYSTEM = SharedPrefixPrompts.SYSTEM;
  private static final long QUESTION = SharedPrefixPrompts.QUESTION;
  private static final long ANSWER = SharedPrefixPrompts.ANSWER;

  private final int users;
  private final int perGroup;
  private final int systemLen;
  private final int[] questionLen;
  private final int[] outputLen;
  private final boolean multiTurn;
  /** Single turn: slot to (prompt, output) pair; multi-turn: slot to user session. */
  private final int[] shuffled;
  private final long[][] pairHashes;
  private final TokenBlocks[] history;
  private final ConstantRateStages arrivals;
  private final double endMs;
  private final TenantPicker tenants;
  private final int cells;
  private final SplittableRandom tenantStream;
  private final SplittableRandom originStream;

  private long nextId;
  private double nextArrivalMs;

  private long[] hashes;

  public SharedPrefixGenerator(SimulationConfig config, RandomStreams streams) {
    WorkloadConfig workload = config.workload();
    SharedPrefixWorkload shared =
        workload
            .sharedPrefix()
            .orElseThrow(() -> new IllegalArgumentException("no shared_prefix configured"));
    users = shared.users();
    perGroup = shared.numPromptsPerGroup();
    systemLen = shared.systemPromptLen();
    multiTurn = shared.multiTurnChat();
    questionLen = new int[users];
    outputLen = new int[users];
    SplittableRandom lengths = streams.stream("workload.shared_prefix.lengths");
    // Question lengths for every group, then output lengths, as the client draws them.
    for (int g = 0; g < shared.numGroups(); g++) {
      for (int p = 0; p < perGroup; p++) {
        questionLen[g * perGroup + p] =
            draw(lengths, shared.questionLen(), shared.questionLenStd());
      }
      for (int p = 0; p < perGroup; p++) {
        outputLen[g * perGroup + p] = draw(lengths, shared.outputLen(), shared.outputLenStd());
      }
    }
    shuffled =
        SharedPrefixPrompts.shuffled(users, streams.stream("workload.shared_prefix.shuffle"));
    pairHashes = multiTurn ? null : new long[users][];
    history = multiTurn ? new TokenBlocks[users] : null;
    arrivals = new ConstantRateStages(shared.stages(), streams.stream("workload.arrivals"));
    endMs = Math.min(workload.durationS(), config.durationS()) * 1000.0;
    tenants = new TenantPicker(workload.tenants());
    cells = config.topology().cells();
    tenantStream = streams.stream("workload.tenant");
    originStream = streams.stream("workload.origin");
    nextArrivalMs = arrivals.next();
  }

  private static int draw(SplittableRandom random, int mean, double std) {
    if (std <= 0) {
      return Math.max(1, mean);
    }
    // Box-Muller: one normal draw from two uniforms, so the stream's use is fixed per draw.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    double normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 8, Math.round(mean + std * normal)));
  }

  @Override
  public double nextArrivalMs() {
    return nextArrivalMs < endMs ? nextArrivalMs : Double.POSITIVE_INFINITY;
  }

  @Override
  public void generate() {
    id = nextId++;
    arrivalMs = nextArrivalMs;
    nextArrivalMs = arrivals.next();
    tenant = tenants.pick(tenantStream);
    originCell = cells == 1 ? 0 : originStream.nextInt(cells);
    int slot = (int) (id % users);
    if (multiTurn) {
      nextRound(slot, id / users);
    } else {
      int pair = shuffled[slot];
      if (pairHashes[pair] == null) {
        TokenBlocks prompt = system(pair / perGroup);
        prompt.append(segment(QUESTION, pair, 0), questionLen[pair]);
        pairHashes[pair] = prompt.hashes();
      }
      inputTokens = systemLen + questionLen[pair];
      outputTokens = outputLen[pair];
      hashes = pairHashes[pair];
    }
  }

  /** Session {@code shuffled[slot]}'s next round: its history, then question {@code slot}. */
  private void nextRound(int slot, long round) {
    int session = shuffled[slot];
    TokenBlocks prompt = history[session] == null ? system(session / perGroup) : history[session];
    prompt.append(segment(QUESTION, slot, 0), questionLen[slot]);
    hashes = prompt.hashes();
    inputTokens = (int) Math.min(Integer.MAX_VALUE / 4, prompt.tokens());
    outputTokens = outputLen[slot];
    prompt.append(segment(ANSWER, session, round), outputTokens);
    history[session] = prompt;
  }

  private TokenBlocks system(int group) {
    TokenBlocks blocks = new TokenBlocks();
    blocks.append(segment(SYSTEM, group, 0), systemLen);
    return blocks;
  }

  private static long segment(long kind, long owner, long round) {
    return SharedPrefixPrompts.segment(kind, owner, round);
  }

  @Override
  public long[] promptBlockHashes() {
    return hashes == null ? null : hashes.clone();
  }










}
