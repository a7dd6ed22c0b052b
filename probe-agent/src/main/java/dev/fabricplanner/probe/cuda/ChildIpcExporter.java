package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM running {@code CudaIpcHarness export}: it exports one buffer per GPU, prints an
 * {@link IpcOffer} line for each and then "ready", and frees the buffers when told "done". CUDA IPC
 * handles cannot be opened by the process that made them, so the test needs a second process.
 */
final class ChildIpcExporter implements AutoCloseable {
  private static final long START_TIMEOUT_S = 120;
  private final Process process;
  private final Path stderr;
  private final List<IpcOffer> offers;

  private ChildIpcExporter(Process process, Path stderr, List<IpcOffer> offers) {
    this.process = process;
    this.stderr = stderr;
    this.offers = offers;
  }

  /** The exporter could not start, skipped or printed something unreadable. */
  static final class ExporterFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ExporterFailed(String message) {
      super(message);
    }
  }

  static ChildIpcExporter start(String cudartPath, CudaLibraryPaths paths, long bytes)
      throws ExporterFailed {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-D" + CudaLibraryPaths.CUDART_PROPERTY + "=" + cudartPath);
    paths
        .nvmlOverride()
        .ifPresent(n -> command.add("-D" + CudaLibraryPaths.NVML_PROPERTY + "=" + n));
    command.add(CudaIpcHarness.class.getName());
    command.add("export");
    command.add("--gpu");
    command.add("all");
    command.add("--bytes");
    command.add(Long.toString(bytes));
    Path errors;
    Process process;
    try {
      errors = Files.createTempFile("cuda-ipc-exporter", ".stderr");
      process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    } catch (IOException e) {
      throw new ExporterFailed("could not start the exporter process: " + e.getMessage());
    }
    CompletableFuture<List<IpcOffer>> reading =
        CompletableFuture.supplyAsync(() -> readOffers(process));
    try {
      return new ChildIpcExporter(process, errors, reading.get(START_TIMEOUT_S, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      process.destroyForcibly();
      String why =
          e instanceof ExecutionException
              ? e.getCause().getMessage()
              : e instanceof TimeoutException
                  ? "no offers within " + START_TIMEOUT_S + " s"
                  : "interrupted";
      throw new ExporterFailed("exporter process: " + why + tail(errors));
    }
  }

  private static List<IpcOffer> readOffers(Process process) {
    List<IpcOffer> offers = new ArrayList<>();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals(CudaIpcHarness.READY)) {
          return offers;
        }
        if (line.startsWith(CudaIpcHarness.SKIP)) {
          throw new IllegalStateException(line);
        }
        offers.add(IpcOffer.parse(line, "exporter stdout"));
      }
      throw new IllegalStateException("exited before 'ready'");
    } catch (IOException e) {
      throw new IllegalStateException("reading its output: " + e.getMessage());
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  List<IpcOffer> offers() {
    return offers;
  }

  private static String tail(Path errors) {
    try {
      String text = Files.readString(errors).strip();
      return text.isEmpty() ? "" : "; stderr: " + text.substring(Math.max(0, text.length() - 600));
    } catch (IOException e) {
      return "";
    }
  }

  /** Tells the exporter to free its buffers and waits for it to exit. */
  @Override
  public void close() {
    try (OutputStream in = process.getOutputStream()) {
      in.write((CudaIpcHarness.DONE + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // It may already have exited; waiting below tells.
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(stderr);
      } catch (IOException ignored) {
        // A temp file left behind is harmless.
      }
    }
  }
}
