package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.probe.control.ControlClient;
import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.control.InviteToken;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two-process CUDA IPC test on one host, for a GPU machine:
 *
 * <pre>
 * java -cp fabric-planner.jar dev.fabricplanner.probe.cuda.CudaIpcHarness pair --bytes 4194304
 *     starts the exporter as a child JVM, which joins this one over a loopback QUIC control
 *     connection and offers one buffer per GPU; imports every buffer on every GPU that reaches it
 * java -cp fabric-planner.jar dev.fabricplanner.probe.cuda.CudaIpcHarness export --bytes 4194304
 *     the child's part: reads a one-time invite token from stdin, joins, exports, offers, and frees
 *     its buffers once the importer says done (or the control connection ends)
 * </pre>
 *
 * Exit status: 0 measured, 1 a test failed, 2 bad arguments, 3 skipped (no CUDA device).
 */
public final class CudaIpcHarness {
  static final String SKIP = "skip ";
  private static final Duration MESSAGE = Duration.ofSeconds(30);

  private CudaIpcHarness() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Map<String, String> options;
    long bytes;
    try {
      options = options(args);
      String mode = options.getOrDefault("", "");
      if (!List.of("export", "pair").contains(mode)) {
        throw new InvalidInputException("arguments: wanted a mode, export | pair, got '" + mode + "'");
      }
      bytes = number(options.getOrDefault("bytes", Long.toString(4L << 20)), "--bytes", 1);
    } catch (InvalidInputException e) {
      e.problems().forEach(err::println);
      return 2;
    }
    if (options.get("").equals("export")) {
      return export(in, bytes, out, err);
    }
    CudaProbe.Opening opening = CudaProbe.open();
    if (opening instanceof CudaProbe.Skipped skipped) {
      out.println(SKIP + skipped.reason());
      return 3;
    }
    try (CudaProbe probe = ((CudaProbe.Available) opening).probe()) {
      return report(probe.runIpcTests(CopySweep.upTo(bytes)), out);
    }
  }

  /** The child's part: join with the invite on stdin, then export and lend every GPU's buffer. */
  private static int export(InputStream in, long bytes, PrintStream out, PrintStream err) {
    InviteToken invite;
    try {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isBlank()) {
        err.println("stdin: no invite token (the parent process writes one line)");
        return 2;
      }
      invite = InviteToken.decode(line);
    } catch (IOException e) {
      err.println("stdin: cannot read the invite token: " + e.getMessage());
      return 2;
    } catch (InvalidInputException e) {
      e.problems().forEach(p -> err.println("stdin: " + p.replaceFirst("^--join: ", "")));
      return 2;
    }
    try (QuicTransport transport = new QuicTransport(QuicTransportSettings.forLoopback(), 1);
        ControlSession control = ControlClient.join(transport, invite, MESSAGE)) {
      CudaProbe.Opening opening = CudaProbe.open();
      if (opening instanceof CudaProbe.Skipped skipped) {
        IpcExchange.decline(control, skipped.reason(), MESSAGE);
        out.println(SKIP + skipped.reason());
        return 3;
      }
      try (CudaProbe probe = ((CudaProbe.Available) opening).probe()) {
        List<IpcExport> exports;
        try {
          exports = probe.exportAll(bytes);
        } catch (CudaException e) {
          IpcExchange.decline(control, "export failed: " + e.getMessage(), MESSAGE);
          err.println("export failed: " + e.getMessage());
          return 1;
        }
        IpcExchange.lend(control, exports, MESSAGE, ChildIpcExporter.WAIT).forEach(out::println);
        return 0;
      }
    } catch (ControlException e) {
      err.println("export: " + e.getMessage());
      return 1;
    } catch (CudaException e) {
      err.println("export: freeing the buffers: " + e.getMessage());
      return 1;
    }
  }

  static long number(String value, String option, long least) throws InvalidInputException {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= least) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new InvalidInputException(
        "arguments: " + option + " wants a whole number >= " + least + ", got '" + value + "'");
  }

  static int report(List<CopyTestResult> results, PrintStream out) {
    boolean failed = false;
    for (CopyTestResult result : results) {
      out.println(
          result.label()
              + ": "
              + result.outcome()
              + (result.reason() == null ? "" : " (" + result.reason() + ")"));
      for (CopySample s : result.samples()) {
        out.printf(
            "  %9d B  p50 %8.2f us  p99 %8.2f us  %9.2f GB/s  noise %5.1f%%%n",
            s.sizeBytes(),
            s.latencyP50Us(),
            s.latencyP99Us(),
            s.bandwidthBytesPerSec() / 1e9,
            s.noisePct());
      }
      failed |= result.outcome() == CopyTestResult.Outcome.FAILED;
    }
    return failed ? 1 : 0;
  }

  /** "--name value" pairs; the first bare word is the mode (key ""). */
  static Map<String, String> options(String[] args) throws InvalidInputException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          throw new InvalidInputException("arguments: " + args[i] + " wants a value");
        }
        options.put(args[i].substring(2), args[++i]);
      } else if (!options.containsKey("")) {
        options.put("", args[i]);
      } else {
        throw new InvalidInputException("arguments: unexpected word '" + args[i] + "'");
      }
    }
    return options;
  }
}
