package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Once warm, the pool allocates nothing per request or per step beyond amortized array growth. */
class KvNoAllocationTest {

  @Test
  void aWarmPoolAllocatesNothingPerCall() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    KvWorkload workload = new KvWorkload(new KvBlockPool(3_000, 16, true), 64, 512, 3);
    for (int i = 0; i < 3_000; i++) {
      workload.step();
    }
    long calls = workload.poolCalls;
    long finished = workload.finished;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 3_000; i++) {
      workload.step();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    calls = workload.poolCalls - calls;
    // The run did real work: requests finished, blocks were evicted and requests preempted.
    assertThat(workload.finished - finished).isGreaterThan(100);
    assertThat(workload.pool.evictedBlocks()).isGreaterThan(0);
    assertThat(workload.preemptions).isGreaterThan(0);
    assertThat(calls).isGreaterThan(100_000);
    // Per-sequence block arrays still double now and then until every recycled handle has seen the
    // longest request (bounded, amortized); one object per call would be 16 bytes or more per call.
    assertThat(allocated).isLessThan(calls / 4);
  }
}
