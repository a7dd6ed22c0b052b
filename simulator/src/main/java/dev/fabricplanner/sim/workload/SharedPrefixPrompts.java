package dev.fabricplanner.sim.workload;

import dev.fabricplanner.sim.config.TracePromptStructure;
import java.util.SplittableRandom;

/**
 * The prompts of inference-perf's single-turn {@code shared_prefix} workload, rebuilt for a replayed
 * trace that recorded only each request's arrival and token counts. The client (kubernetes-sigs/
 * inference-perf, {@code datagen/shared_prefix_datagen.py}) makes one prompt per (group, user) pair
 * (the group's system prompt, then the pair's question), shuffles the U pairs once and sends request
 * i the pair at {@code i mod U}. Here request i (its position in the trace, failed requests included,
 * since the client's data index counted them) gets that pair, shuffled by the run's seed: the client's
 * own shuffle was not recorded. The trace's length wins: a shorter prompt is cut, a longer one gets
 * unique tokens after the question (tokenizer round trips made the measured prompts about 25 tokens
 * longer than system + question).
 */
public final class SharedPrefixPrompts {
  static final long SYSTEM = 1;
  static final long QUESTION = 2;
  static final long ANSWER = 3;
  private static final long UNIQUE = 4;

  private final int users;
  private final int perGroup;
  private final int systemLen;
  private final int questionLen;
  private final int[] shuffled;

  public SharedPrefixPrompts(TracePromptStructure structure, RandomStreams streams) {
    perGroup = structure.numPromptsPerGroup();
    users = structure.numGroups() * perGroup;
    systemLen = structure.systemPromptLen();
    questionLen = structure.questionLen();
    shuffled = shuffled(users, streams.stream("workload.shared_prefix.shuffle"));
  }

  /** The block hashes of request {@code index}'s prompt of {@code inputTokens}; null: no full block. */
  public long[] hashes(long index, int inputTokens) {
    int pair = shuffled[(int) (index % users)];
    TokenBlocks prompt = new TokenBlocks();
    int system = Math.min(systemLen, inputTokens);
    prompt.append(segment(SYSTEM, pair / perGroup, 0), system);
    int question = Math.min(questionLen, inputTokens - system);
    prompt.append(segment(QUESTION, pair, 0), question);
    prompt.append(segment(UNIQUE, index, 0), inputTokens - system - question);
    return prompt.hashes();
  }

  /** 0 .. users-1 in the order of one Fisher-Yates shuffle drawn from {@code random}. */
  static int[] shuffled(int users, SplittableRandom random) {
    int[] order = new int[users];
    for (int k = 0; k < users; k++) {
      order[k] = k;
    }
    for (int k = users - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      int swap = order[k];
      order[k] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** A segment's identity: distinct for every (kind, owner, round). */
  static long segment(long kind, long owner, long round) {
    return BlockHashes.mix(BlockHashes.mix(BlockHashes.mix(kind) ^ owner) ^ round) << 20;
  }
}
