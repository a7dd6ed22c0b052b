package dev.fabricplanner.sim.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sweep's output folder: {@code sweep.json} names the grid it belongs to, each run's {@code planner
 * sim} files live in {@code runs/<run id>/} with a {@code sweep-run.json} written last. A run is built in a
 * hidden staging folder and renamed into place, so a run folder either is complete or does not exist;
 * staging folders left by a killed run start with a dot and are ignored.
 */
public final class SweepFolder {
  public static final String MANIFEST = "sweep.json";
  public static final String RUN_RECORD = "sweep-run.json";
  private static final String RUNS = "runs";

  private final Path dir;

  public SweepFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** True when {@code dir} holds a sweep's output. */
  public static boolean isSweep(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST));
  }

  public Path runDir(SweepRun run) {
    return dir.resolve(RUNS).resolve(run.id());
  }

  public boolean isComplete(SweepRun run) {
    return Files.isRegularFile(runDir(run).resolve(RUN_RECORD));
  }

  /**
   * Makes the folder this grid's: writes sweep.json when the folder is new or empty, accepts it when
   * it already belongs to the same grid, and refuses a folder holding another sweep or other files.
   */
  public void claim(SweepGrid grid) throws InvalidInputException, IOException {
    Path manifest = dir.resolve(MANIFEST);
    // Tasks of one array claim the same folder at once: whoever finds it taken re-reads sweep.json.
    if (!Files.isRegularFile(manifest) && holdsOtherFiles() && !Files.isRegularFile(manifest)) {
      throw new InvalidInputException(
          dir + ": not empty and not a sweep folder (no " + MANIFEST + "); choose another --output");
    }
    if (Files.isRegularFile(manifest)) {
      String theirs = manifestField(manifest, "fingerprint");
      if (!grid.fingerprint().equals(theirs)) {
        throw new InvalidInputException(dir + ": holds another sweep (grid " + manifestField(manifest, "grid")
            + ", fingerprint " + theirs + "; this grid's is " + grid.fingerprint()
            + "); choose another --output");
      }
      return;
    }
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("grid", grid.name());
    record.put("fingerprint", grid.fingerprint());
    record.put("runs", grid.runs().size());
    record.put("axes", grid.axes().stream().map(GridAxis::key).toList());
    AtomicFile.writeString(manifest, SweepGrid.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
  }

  /** Entries other than hidden ones and a fresh volume's lost+found. */
  private boolean holdsOtherFiles() throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString())
          .anyMatch(name -> !name.startsWith(".") && !name.equals("lost+found"));
    }
  }

  /** The fingerprint recorded in a sweep folder's sweep.json. */
  public static String fingerprint(Path dir) throws InvalidInputException {
    return manifestField(dir.resolve(MANIFEST), "fingerprint");
  }

  /** A fresh hidden folder to build the run in. */
  public Path staging(SweepRun run) throws IOException {
    Path runs = dir.resolve(RUNS);
    Files.createDirectories(runs);
    // A plain folder (not createTempDirectory's owner-only one): it becomes the run's folder.
    return Files.createDirectory(runs.resolve("." + run.id() + ".partial-" + ProcessHandle.current().pid()
        + "-" + Thread.currentThread().getId() + "-" + System.nanoTime()));
  }

  /**
   * Writes sweep-run.json into the staging folder and renames it to the run's folder. Returns false when
   * another worker completed the same run first (the staging folder is then removed).
   */
  public boolean commit(SweepRun run, String fingerprint, Path staging) throws IOException {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("sweep", fingerprint);
    record.put("index", run.index());
    record.put("id", run.id());
    record.put("params", run.params());
    AtomicFile.writeString(staging.resolve(RUN_RECORD),
        SweepGrid.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
    Path target = runDir(run);
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      delete(staging);
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(target + ": the file system cannot rename folders atomically", e);
    }
  }

  /** The complete run folders, in name order (streamed: the listing holds paths, not results). */
  public List<Path> completeRuns() throws IOException {
    Path runs = dir.resolve(RUNS);
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(runs)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isRegularFile(p.resolve(RUN_RECORD)))
          .sorted()
          .toList();
    }
  }

  /** Removes a folder and everything in it (a failed run's staging folder). */
  public static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String manifestField(Path manifest, String field) throws InvalidInputException {
    try {
      JsonNode node = SweepGrid.JSON.readTree(Files.readString(manifest)).path(field);
      if (!node.isTextual()) {
        throw new InvalidInputException(manifest + ": " + field + ": missing or not text");
      }
      return node.asText();
    } catch (IOException e) {
      throw new InvalidInputException(manifest + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
