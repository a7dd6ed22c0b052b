package dev.fabricplanner.sim.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/** timing.json: wall time, events/s and the JVM's peak heap: the figures that differ between runs. */
public final class TimingReport {
  private TimingReport() {}

  public static String render(List<StrategyRun> runs, double totalWallSeconds, int threads) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("wall_s", totalWallSeconds);
    root.put("threads", threads);
    root.put("peak_heap_mb", peakHeapBytes() / 1048576.0);
    ObjectNode strategies = root.putObject("strategies");
    for (StrategyRun run : runs) {
      ObjectNode node = strategies.putObject(run.result().strategy());
      node.put("wall_s", run.wallSeconds());
      node.put("events", run.result().events());
      node.put("events_per_s", run.eventsPerSecond());
      node.put("requests_per_wall_s",
          run.wallSeconds() > 0 ? run.result().requests().arrived() / run.wallSeconds() : 0);
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sum of the heap pools' peaks: an upper bound on the heap the whole run needed. */
  public static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
