package dev.fabricplanner.cli;

import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.sweep.SweepFolder;
import dev.fabricplanner.sim.sweep.SweepGrid;
import dev.fabricplanner.sim.sweep.SweepRun;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code planner sweep}: expands a grid file into indexed runs and runs them here on a worker pool, as
 * a Slurm job array, or as a Kubernetes Indexed Job. Every backend ends in the same folder layout
 * ({@code runs/<id>/} per run), which {@code planner compare} merges.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Expands a grid of configs into indexed runs and runs them.",
      "The grid is a base config, axes and exclusions; the runs go to a local worker pool "
          + "(resuming), a Slurm job array, or a Kubernetes Indexed Job."
    })
final class SweepCommand implements Callable<Integer> {
  enum Backend { local, slurm, k8s }

  /** Exit code when some runs of the sweep failed (their logs are named on stderr). */
  static final int EXIT_RUNS_FAILED = 1;

  @Spec CommandSpec spec;

  @Option(names = "--grid", required = true, paramLabel = "FILE", description = "grid file (YAML)")
  Path gridFile;

  @Option(names = "--list", description = "print the expanded runs with their indices and ids, run nothing")
  boolean list;

  @Option(names = "--backend", paramLabel = "local|slurm|k8s", defaultValue = "local",
      description = "where the runs go (default: ${DEFAULT-VALUE})")
  Backend backend;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "sweep",
      description = "sweep folder: runs/<id>/ per run, sweep.json, logs/ (default: ${DEFAULT-VALUE})")
  Path output;

  @Option(names = "--dry-run", description = "write the sbatch script or Job manifest (local: list what would run) but submit nothing")
  boolean dryRun;

  @Option(names = "--jobs", paramLabel = "N", description = "local: runs at once (default: available processors)")
  Integer jobs;

  @Option(names = "--max-concurrent", paramLabel = "M", defaultValue = "8",
      description = "slurm: array tasks at once (%%M); k8s: Job parallelism (default: ${DEFAULT-VALUE})")
  int maxConcurrent;

  @Option(names = "--wait", description = "slurm: follow the array to the end and report failed indices")
  boolean waitForArray;

  @Option(names = "--resubmit-failed",
      description = "slurm: submit only the indices whose run folder is missing (failed or never ran)")
  boolean resubmitFailed;

  @Option(names = "--launcher", paramLabel = "CMD",
      description = "slurm: command that starts planner on the nodes (default: this JVM's java with this jar)")
  String launcher;

  @Option(names = "--sbatch-option", paramLabel = "OPT",
      description = "slurm: extra #SBATCH line, e.g. --partition=cpu (repeatable)")
  List<String> sbatchOptions = new ArrayList<>();

  @Option(names = "--image", paramLabel = "IMAGE", description = "k8s: container image with planner (see Dockerfile)")
  String image;

  @Option(names = "--claim", paramLabel = "PVC", defaultValue = "planner-sweep",
      description = "k8s: PersistentVolumeClaim mounted as the output folder (default: ${DEFAULT-VALUE})")
  String claim;

  @Option(names = "--backoff-per-index", paramLabel = "N", defaultValue = "1",
      description = "k8s: retries of each failed index (default: ${DEFAULT-VALUE})")
  int backoffPerIndex;

  @Option(names = "--quiet", description = "no progress on stderr")
  boolean quiet;

  /** Where sbatch and kubectl are looked up (tests point it elsewhere). */
  String searchPath = System.getenv("PATH");

  @Override
  public Integer call() throws InvalidInputException, IOException, InterruptedException {
    if (maxConcurrent < 1 || (jobs != null && jobs < 1) || backoffPerIndex < 0) {
      throw new InvalidInputException("--max-concurrent and --jobs want 1 or more, --backoff-per-index 0 or more");
    }
    SweepGrid grid = SweepGrid.load(gridFile);
    SweepTask.checkSimOptions(grid);
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      printList(grid, out);
      return 0;
    }
    return switch (backend) {
      case local -> runLocally(grid);
      case slurm -> submitToSlurm(grid);
      case k8s -> applyToKubernetes(grid);
    };
  }

  private static void printList(SweepGrid grid, PrintWriter out) {
    out.printf(Locale.ROOT, "%s: %d runs (grid %s)%n", grid.name(), grid.runs().size(), grid.fingerprint());
    for (SweepRun run : grid.runs()) {
      String params = run.params().entrySet().stream()
          .map(e -> e.getKey() + "=" + compact(e.getValue())).collect(Collectors.joining(" "));
      out.printf(Locale.ROOT, "%5d  %s  %s%n", run.index(), run.id(), params);
    }
    out.flush();
  }

  private static String compact(Object value) {
    return value instanceof String text ? text : SweepGrid.json(value);
  }

  private int runLocally(SweepGrid grid) throws InvalidInputException, IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    SweepFolder folder = new SweepFolder(output);
    List<SweepRun> pending = grid.runs().stream().filter(r -> !folder.isComplete(r)).toList();
    if (dryRun) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "would run %d of %d runs into %s:%n", pending.size(), grid.runs().size(), output);
      pending.forEach(r -> out.printf(Locale.ROOT, "%5d  %s%n", r.index(), r.id()));
      out.flush();
      return 0;
    }
    folder.claim(grid);
    int workers = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
    SweepProgress progress = new SweepProgress(err, grid.runs().size(), !quiet);
    for (int i = pending.size(); i < grid.runs().size(); i++) {
      progress.finished(SweepTask.Outcome.SKIPPED);
    }
    List<SweepTask.Result> failures = new LocalPool(grid, folder, workers).run(pending, progress);
    progress.last();
    for (SweepTask.Result failure : failures) {
      err.printf(Locale.ROOT, "run %d (%s) failed; log: %s%n", failure.run().index(), failure.run().id(),
          output.resolve("logs").resolve(failure.run().id() + ".log"));
    }
    err.printf(Locale.ROOT, "%s: %d of %d runs complete%s%n", output, grid.runs().size() - failures.size(),
        grid.runs().size(), failures.isEmpty() ? "; merge with: planner compare " + output
            : "; run the same command again to retry the failed ones");
    err.flush();
    return failures.isEmpty() ? 0 : EXIT_RUNS_FAILED;
  }

  private int submitToSlurm(SweepGrid grid) throws InvalidInputException, IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> sbatch = onPath("sbatch", searchPath);
    if (sbatch.isEmpty() && !dryRun) {
      throw new InvalidInputException("sbatch: not found on PATH; run this where Slurm's client is installed"
          + " (Debian: slurm-client), or add --dry-run to only write the script");
    }
    Path out = output.toAbsolutePath().normalize();
    SweepFolder folder = new SweepFolder(out);
    folder.claim(grid);
    List<Integer> indices = grid.runs().stream()
        .filter(r -> !resubmitFailed || !folder.isComplete(r)).map(SweepRun::index).toList();
    if (indices.isEmpty()) {
      err.println(out + ": every run is complete; nothing to submit");
      err.flush();
      return 0;
    }
    Files.createDirectories(out.resolve("logs"));
    SlurmArray array = new SlurmArray(grid, gridFile.toAbsolutePath().normalize(), out, indices,
        maxConcurrent, launcher != null ? launcher : defaultLauncher(), Path.of("").toAbsolutePath(),
        sbatchOptions);
    Path script = out.resolve(SlurmArray.SCRIPT);
    AtomicFile.writeString(script, array.script());
    if (dryRun) {
      err.printf(Locale.ROOT, "wrote %s (%d tasks); submit with: sbatch %s%n", script, indices.size(), script);
      err.flush();
      return 0;
    }
    List<String> command = new ArrayList<>(List.of(sbatch.get().toString(), "--parsable"));
    if (waitForArray) {
      command.add("--wait");
    }
    command.add(script.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = reader.readLine();
    String jobId = first == null ? "" : first.trim().split(";")[0];
    if (!jobId.matches("\\d+")) {
      String rest = reader.lines().collect(Collectors.joining(" "));
      process.waitFor();
      throw new InvalidInputException("sbatch refused " + script + ": " + (first == null ? "" : first) + " " + rest);
    }
    err.printf(Locale.ROOT, "submitted Slurm job %s: array %s%%%d (%d tasks), output %s%n", jobId,
        SlurmArray.arraySpec(indices), maxConcurrent, indices.size(), out);
    err.flush();
    if (!waitForArray) {
      err.printf(Locale.ROOT, "follow with: squeue -j %s; merge with: planner compare %s%n", jobId, out);
      err.flush();
      return 0;
    }
    SweepProgress progress = new SweepProgress(err, indices.size(), !quiet);
    while (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
      progress.observed(complete(grid, folder, indices), 0);
    }
    reader.lines().forEach(line -> { });
    List<Integer> failed = new ArrayList<>();
    for (int index : indices) {
      if (!folder.isComplete(grid.run(index))) {
        failed.add(index);
      }
    }
    progress.observed(indices.size() - failed.size(), failed.size());
    progress.last();
    for (int index : failed) {
      err.printf(Locale.ROOT, "index %d (%s) failed; log: %s%n", index, grid.run(index).id(),
          array.logFile(jobId, index));
    }
    if (!failed.isEmpty()) {
      err.printf(Locale.ROOT, "%d of %d tasks failed; resubmit them with --resubmit-failed%n",
          failed.size(), indices.size());
    } else {
      err.printf(Locale.ROOT, "job %s: all %d tasks complete; merge with: planner compare %s%n", jobId,
          indices.size(), out);
    }
    err.flush();
    return failed.isEmpty() ? 0 : EXIT_RUNS_FAILED;
  }

  private static int complete(SweepGrid grid, SweepFolder folder, List<Integer> indices) {
    return (int) indices.stream().filter(i -> folder.isComplete(grid.runs().get(i))).count();
  }

  private int applyToKubernetes(SweepGrid grid) throws InvalidInputException, IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> kubectl = onPath("kubectl", searchPath);
    if (kubectl.isEmpty() && !dryRun) {
      throw new InvalidInputException(
          "kubectl: not found on PATH; install it, or add --dry-run to only write the Job manifest");
    }
    String tag = image != null ? image : "fabric-planner:" + version();
    Path manifest = output.resolve(IndexedJob.FILE);
    IndexedJob job = new IndexedJob(grid, tag, maxConcurrent, claim, backoffPerIndex);
    AtomicFile.writeString(manifest, job.manifest());
    if (dryRun) {
      err.printf(Locale.ROOT, "wrote %s (Indexed Job %s, %d completions, parallelism %d, image %s); apply with:"
          + " kubectl apply -f %s%n", manifest, job.name(), grid.runs().size(), maxConcurrent, tag, manifest);
      err.flush();
      return 0;
    }
    Process process = new ProcessBuilder(kubectl.get().toString(), "apply", "-f", manifest.toString())
        .redirectErrorStream(true).start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new InvalidInputException("kubectl apply -f " + manifest + " failed (exit " + exit + "): "
          + said.replaceAll("\\s*\\n\\s*", " "));
    }
    err.printf(Locale.ROOT, "%s%nfollow with: kubectl get job %s; copy the claim's folder back and merge with"
        + " planner compare%n", said, job.name());
    err.flush();
    return 0;
  }

  /** An executable on PATH, as a shell's command lookup would find it. */
  static Optional<Path> onPath(String name, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * This JVM's java and class path as absolute paths: the built jar when planner runs from it, the
   * class path otherwise (tests), so that a Slurm task on a node sharing the file system starts it.
   */
  static String defaultLauncher() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath;
    try {
      Path source = Path.of(PlannerCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      classPath = source.toString().endsWith(".jar") ? source.toString()
          : Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
              .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    } catch (URISyntaxException | SecurityException e) {
      classPath = System.getProperty("java.class.path");
    }
    return SlurmArray.quote(java.toString()) + " -cp " + SlurmArray.quote(classPath) + " "
        + PlannerCli.class.getName();
  }

  private static String version() {
    String version = PlannerCli.class.getPackage().getImplementationVersion();
    return version != null ? version : "latest";
  }
}
