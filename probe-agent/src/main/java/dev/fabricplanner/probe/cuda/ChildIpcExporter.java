package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlServer;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.quic.QuicTransport;
import dev.fabricplanner.probe.quic.QuicTransportSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@code CudaIpcHarness export}, joined to this process over a loopback QUIC
 * control connection: this process listens with a one-time invite, hands the invite to the child on
 * its stdin (never on the command line, where {@code ps} would show the secret), and waits for the
 * child to prove it. The child then sends its offers as control messages (see {@link IpcExchange}).
 * CUDA IPC handles cannot be opened by the process that made them, so the test needs a second process.
 */
final class ChildIpcExporter implements AutoCloseable {
  /** How long the child may take to start a JVM, open CUDA and join. */
  private static final Duration START = Duration.ofSeconds(120);
  /** The longest any one exchange step waits for the other process. */
  static final Duration WAIT = Duration.ofMinutes(5);

  private final QuicTransport transport;
  private final ControlServer server;
  private final Process process;
  private final Path stderr;
  private final ControlSession control;

  private ChildIpcExporter(
      QuicTransport transport, ControlServer server, Process process, Path stderr, ControlSession control) {
    this.transport = transport;
    this.server = server;
    this.process = process;
    this.stderr = stderr;
    this.control = control;
  }

  /** The child did not start or did not join. */
  static final class ExporterFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ExporterFailed(String message) {
      super(message);
    }
  }

  static ChildIpcExporter start(String cudartPath, CudaLibraryPaths paths, long bytes)
      throws ExporterFailed {
    QuicTransport transport = new QuicTransport(QuicTransportSettings.forLoopback(), 1);
    ControlServer server = null;
    Process process = null;
    Path errors = null;
    try {
      server = ControlServer.start(transport, new InetSocketAddress("127.0.0.1", 0), START);
      errors = Files.createTempFile("cuda-ipc-exporter", ".stderr");
      process = new ProcessBuilder(command(cudartPath, paths, bytes))
              .redirectErrorStream(true)
              .redirectOutput(errors.toFile())
              .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write((server.invite("127.0.0.1").encode() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      ControlSession control = awaitChild(server, process, errors);
      return new ChildIpcExporter(transport, server, process, errors, control);
    } catch (IOException | InterruptedException | ExporterFailed e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (process != null) {
        process.destroyForcibly();
      }
      if (server != null) {
        server.close();
      }
      transport.close();
      deleteQuietly(errors);
      throw e instanceof ExporterFailed failed
          ? failed
          : new ExporterFailed("could not start the exporter process: " + e.getMessage());
    }
  }

  private static List<String> command(String cudartPath, CudaLibraryPaths paths, long bytes) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-D" + CudaLibraryPaths.CUDART_PROPERTY + "=" + cudartPath);
    paths.nvmlOverride().ifPresent(n -> command.add("-D" + CudaLibraryPaths.NVML_PROPERTY + "=" + n));
    command.add(CudaIpcHarness.class.getName());
    command.add("export");
    command.add("--bytes");
    command.add(Long.toString(bytes));
    return command;
  }

  /** The child's authenticated session; polls so a child that dies first is reported at once. */
  private static ControlSession awaitChild(ControlServer server, Process process, Path errors)
      throws ExporterFailed {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        return server.awaitPeer(Duration.ofMillis(250));
      } catch (ControlException e) {
        if (!process.isAlive()) {
          throw new ExporterFailed(
              "exporter process exited with status " + process.exitValue() + " before joining" + tail(errors));
        }
      }
    }
    throw new ExporterFailed("exporter process did not join within " + START.toSeconds() + " s" + tail(errors));
  }

  /** The control session with the child: it sends IPC offers, this process answers IPC done. */
  ControlSession control() {
    return control;
  }

  private static String tail(Path errors) {
    try {
      String text = Files.readString(errors).strip();
      return text.isEmpty() ? "" : "; its output: " + text.substring(Math.max(0, text.length() - 600));
    } catch (IOException e) {
      return "";
    }
  }

  /** Ends the session (the child frees its buffers when it ends, if not already) and waits for the child. */
  @Override
  public void close() {
    control.close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      server.close();
      transport.close();
      deleteQuietly(stderr);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temp file left behind is harmless.
    }
  }
}
