package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two-process CUDA IPC test without QUIC, for a GPU machine:
 *
 * <pre>
 * java -cp fabric-planner.jar dev.fabricplanner.probe.cuda.CudaIpcHarness export --gpu 0 --bytes 4194304
 *     prints one offer line per GPU, then "ready"; frees the buffers on "done" (or end of input)
 * java -cp fabric-planner.jar dev.fabricplanner.probe.cuda.CudaIpcHarness import --gpu 1 --offer 'LINE'
 *     maps the buffer, runs the size sweep up to its size, verifies, prints the result
 * java -cp fabric-planner.jar dev.fabricplanner.probe.cuda.CudaIpcHarness pair --bytes 4194304
 *     both at once: starts the exporter as a child process and imports every buffer on every GPU
 * </pre>
 *
 * Exit status: 0 measured, 1 a test failed, 2 bad arguments, 3 skipped (no CUDA device).
 */
public final class CudaIpcHarness {
  static final String READY = "ready";
  static final String DONE = "done";
  static final String SKIP = "skip ";

  private CudaIpcHarness() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Map<String, String> options;
    long bytes;
    IpcOffer offer = null;
    try {
      options = options(args);
      String mode = options.getOrDefault("", "");
      if (!List.of("export", "import", "pair").contains(mode)) {
        throw new InvalidInputException(
            "arguments: wanted a mode, export | import | pair, got '" + mode + "'");
      }
      bytes = number(options.getOrDefault("bytes", Long.toString(4L << 20)), "--bytes", 1);
      String gpu = options.getOrDefault("gpu", mode.equals("export") ? "all" : "0");
      if (!gpu.equals("all") || mode.equals("import")) {
        number(gpu, "--gpu", 0);
      }
      if (mode.equals("import")) {
        offer = IpcOffer.parse(options.getOrDefault("offer", ""), "--offer");
      }
    } catch (InvalidInputException e) {
      e.problems().forEach(err::println);
      return 2;
    }
    CudaProbe.Opening opening = CudaProbe.open();
    if (opening instanceof CudaProbe.Skipped skipped) {
      out.println(SKIP + skipped.reason());
      return 3;
    }
    try (CudaProbe probe = ((CudaProbe.Available) opening).probe()) {
      return switch (options.get("")) {
        case "export" -> export(probe, options.getOrDefault("gpu", "all"), bytes, out);
        case "import" ->
            report(
                List.of(
                    probe.importAndCopy(
                        offer,
                        Integer.parseInt(options.getOrDefault("gpu", "0")),
                        CopySweep.upTo(offer.bytes()))),
                out);
        default -> report(probe.runIpcTests(CopySweep.upTo(bytes)), out);
      };
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

  private static int export(CudaProbe probe, String gpu, long bytes, PrintStream out)
      throws Exception {
    List<Integer> gpus = new ArrayList<>();
    if (gpu.equals("all")) {
      probe.inventory().gpus().forEach(g -> gpus.add(g.index()));
    } else if (Integer.parseInt(gpu) < probe.inventory().gpus().size()) {
      gpus.add(Integer.parseInt(gpu));
    } else {
      System.err.println(
          "arguments: --gpu "
              + gpu
              + ": this host shows "
              + probe.inventory().gpus().size()
              + " GPUs");
      return 2;
    }
    List<IpcExport> exports = new ArrayList<>();
    try {
      for (int index : gpus) {
        IpcExport export = probe.export(index, bytes);
        exports.add(export);
        out.println(export.offer().toLine());
      }
      out.println(READY);
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine();
          line != null && !line.trim().equals(DONE);
          line = in.readLine()) {
        // Wait: the importer maps these buffers until it says it is done.
      }
    } finally {
      exports.forEach(IpcExport::close);
    }
    return 0;
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
