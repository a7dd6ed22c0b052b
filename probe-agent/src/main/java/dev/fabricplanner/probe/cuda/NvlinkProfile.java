package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordWriter;
import dev.fabricplanner.core.record.HostIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code nvlink} profile in one call: open CUDA, read the inventory, run the per-GPU and peer
 * copy tests and the two-process CUDA IPC test, and add everything (or the skip reason) to a
 * record.
 *
 * <p>Also runnable on its own, for a GPU machine before the CLI is wired:
 *
 * <pre>
 * java -cp cli/target/fabric-planner.jar dev.fabricplanner.probe.cuda.NvlinkProfile list
 * java -cp cli/target/fabric-planner.jar dev.fabricplanner.probe.cuda.NvlinkProfile run \
 *     [--output FILE] [--bytes 4194304] [--ipc true|false]
 * </pre>
 */
public final class NvlinkProfile {
  private NvlinkProfile() {}

  /**
   * What {@code probe-agent list} prints for GPUs: the inventory, or one line with the skip reason.
   */
  public static List<String> describeHost() {
    CudaProbe.Opening opening = CudaProbe.open();
    if (opening instanceof CudaProbe.Skipped skipped) {
      return List.of("GPUs: none usable (" + skipped.reason() + ")");
    }
    try (CudaProbe probe = ((CudaProbe.Available) opening).probe()) {
      return probe.inventory().describe();
    } catch (CudaException e) {
      return List.of("GPUs: inventory failed (" + e.getMessage() + ")");
    }
  }

  /** The profile's record parts and the lines to print. */
  public record Result(CudaRecordParts parts, List<String> lines) {}

  /**
   * Runs the profile on this host.
   *
   * @param ipc whether to run the two-process CUDA IPC test here (starts a child JVM as the exporter,
   *     joined to this one over a loopback QUIC control connection)
   */
  public static Result run(String hostId, CopySweep sweep, boolean ipc, Clock clock) {
    return run(hostId, sweep, probe -> ipc ? probe.runIpcTests(sweep) : List.of(), clock);
  }

  /**
   * Runs the profile on this host, with the CUDA IPC results a probe session already has (from its
   * peer agent on this host, or skipped with the reason); an empty list records no IPC test.
   */
  public static Result run(String hostId, CopySweep sweep, List<CopyTestResult> ipcResults, Clock clock) {
    return run(hostId, sweep, probe -> ipcResults, clock);
  }

  private static Result run(
      String hostId, CopySweep sweep, Function<CudaProbe, List<CopyTestResult>> ipc, Clock clock) {
    CudaProbe.Opening opening = CudaProbe.open();
    if (opening instanceof CudaProbe.Skipped skipped) {
      return new Result(
          CudaRecordParts.skipped(skipped.reason()),
          List.of("nvlink: skipped (" + skipped.reason() + ")"));
    }
    try (CudaProbe probe = ((CudaProbe.Available) opening).probe()) {
      GpuInventory inventory = probe.inventory();
      List<CopyTestResult> results = new ArrayList<>();
      results.addAll(ipc.apply(probe));
      results.addAll(probe.runTests(sweep));
      List<String> lines = new ArrayList<>(inventory.describe());
      results.forEach(r -> lines.add(summary(r)));
      return new Result(CudaRecordParts.of(hostId, inventory, results, clock.instant()), lines);
    } catch (CudaException e) {
      return new Result(
          CudaRecordParts.failed("GPU inventory failed: " + e.getMessage()),
          List.of("nvlink: GPU inventory failed (" + e.getMessage() + ")"));
    }
  }

  /** "PEER gpu0->gpu1: OK, 4194304 B 312.4 GB/s p50 13.4 us" or the reason. */
  static String summary(CopyTestResult result) {
    if (result.outcome() != CopyTestResult.Outcome.OK) {
      return result.label() + ": " + result.outcome() + " (" + result.reason() + ")";
    }
    CopySample small = result.samples().get(0);
    CopySample large = result.samples().get(result.samples().size() - 1);
    return String.format(
        "%s: OK, %d B p50 %.2f us; %d B %.2f GB/s (noise %.1f%%)",
        result.label(),
        small.sizeBytes(),
        small.latencyP50Us(),
        large.sizeBytes(),
        large.bandwidthBytesPerSec() / 1e9,
        large.noisePct());
  }

  public static void main(String[] args) throws Exception {
    System.exit(main(args, System.out, System.err));
  }

  static int main(String[] args, PrintStream out, PrintStream err) throws Exception {
    java.util.Map<String, String> options;
    long bytes;
    try {
      options = CudaIpcHarness.options(args);
      bytes =
          CudaIpcHarness.number(
              options.getOrDefault("bytes", Long.toString(4L << 20)), "--bytes", 1);
    } catch (dev.fabricplanner.core.InvalidInputException e) {
      e.problems().forEach(err::println);
      return 2;
    }
    String mode = options.getOrDefault("", "");
    if (mode.equals("list")) {
      describeHost().forEach(out::println);
      return 0;
    }
    if (!mode.equals("run")) {
      err.println("arguments: wanted list or run, got '" + mode + "'");
      return 2;
    }
    String hostId = hostId();
    Instant started = Instant.now();
    CapabilityRecord.Builder builder =
        CapabilityRecord.builder(
            new HostIdentity(hostId, InetAddress.getLocalHost().getHostName(), "0.1.0", started));
    boolean ipc = Boolean.parseBoolean(options.getOrDefault("ipc", "true"));
    Result result = run(hostId, CopySweep.upTo(bytes), ipc, Clock.systemUTC());
    result.lines().forEach(out::println);
    result.parts().addTo(builder);
    if (options.containsKey("output")) {
      new CapabilityRecordWriter().write(builder.build(), Path.of(options.get("output")));
      out.println("record written to " + options.get("output"));
    }
    return 0;
  }

  /** /etc/machine-id survives reboots and renames; the hostname is the fallback. */
  static String hostId() throws IOException {
    Path machineId = Path.of("/etc/machine-id");
    if (Files.isReadable(machineId)) {
      String id = Files.readString(machineId).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    return InetAddress.getLocalHost().getHostName();
  }
}
