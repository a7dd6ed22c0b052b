package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.LinkMeasurement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The probe-agent command end to end: real QUIC on loopback, records that planner-core reads. */
class ProbeAgentCliTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(Object root, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = CliRunner.execute(root, args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void embeddedRunPrintsATableAndWritesARecordThePlannerReads(@TempDir Path dir) throws Exception {
    Path record = dir.resolve("records").resolve("host-a.json");
    Run probe = run(new ProbeAgentCli(), "run", "--quick", "--profiles", "quic", "--host-id", "host-a",
        "--output", record.toString());

    assertThat(probe.exit()).as(probe.err()).isZero();
    assertThat(probe.out()).contains("quic/loopback: ok", "initial_max_data=", "p50 us", "record written to");
    assertThat(probe.err()).contains("embedded run: both peers on loopback over QUIC");
    CapabilityRecord back = new CapabilityRecordReader().read(record);
    assertThat(back.host().id()).isEqualTo("host-a");
    LinkMeasurement link = back.links().get(0);
    assertThat(link.backend()).isEqualTo(Backend.QUIC);
    assertThat(link.status()).isEqualTo(FabricStatus.OK);
    assertThat(link.payloadVerified()).isTrue();
    // The libfabric quick sweep's sizes: 64 B, 4 KiB, 64 KiB.
    assertThat(link.sweep()).extracting(s -> s.sizeBytes()).containsExactly(64L, 4096L, 65536L);
    // Provenance: measured, by this build, on this kernel; the link's own time and GPU path.
    assertThat(back.host().provenance()).isEqualTo(dev.fabricplanner.core.record.Provenance.MEASURED);
    assertThat(back.host().software().agentCommit()).isEqualTo(dev.fabricplanner.probe.run.HostSoftwareReader.agentCommit());
    assertThat(back.host().software().kernel()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    assertThat(link.facts().gpuPath()).isEqualTo(dev.fabricplanner.core.record.GpuPath.HOST_MEMORY);
    assertThat(link.measuredAt()).isBeforeOrEqualTo(back.host().measuredAt());
    // Shortfalls come first: on loopback no link has a nominal speed to fall short of, and it says so.
    assertThat(probe.out().lines().findFirst().orElseThrow())
        .startsWith("shortfalls: none below 50% of nominal (0 link(s) compared with a nominal speed, 1 without one");
    // No temporary file is left beside the record.
    try (var files = Files.list(record.getParent())) {
      assertThat(files).containsExactly(record);
    }
  }

  @Test
  void serveAndJoinOverLoopbackWriteTwoRecordsAndThePlannerPlansBetweenThem(@TempDir Path dir) throws Exception {
    Path records = dir.resolve("records");
    StringWriter serveOut = new StringWriter();
    StringWriter serveErr = new StringWriter();
    CommandLine serve = new CommandLine(new ProbeAgentCli());
    serve.setOut(new PrintWriter(serveOut, true));
    serve.setErr(new PrintWriter(serveErr, true));
    CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> serve.execute(
        "serve", "--listen", "127.0.0.1:0", "--profiles", "quic", "--host-id", "server-host", "--wait", "30",
        "--output", records.resolve("server-host.json").toString()));
    String token = awaitToken(serveOut);

    CommandLine join = new CommandLine(new ProbeAgentCli());
    StringWriter joinOut = new StringWriter();
    StringWriter joinErr = new StringWriter();
    join.setOut(new PrintWriter(joinOut, true));
    join.setErr(new PrintWriter(joinErr, true));
    int joined = join.execute("run", "--join", tokenFile(dir, token).toString(), "--quick", "--profiles", "quic", "--host-id", "joiner-host",
        "--output", records.resolve("joiner-host.json").toString());

    assertThat(joined).as(joinErr.toString()).isZero();
    assertThat(served.get(30, TimeUnit.SECONDS)).as(serveErr.toString()).isZero();
    assertThat(joinOut.toString()).contains("quic/loopback: ok");
    assertThat(serveErr.toString()).contains("peer joined from");
    var both = new CapabilityRecordReader().readAll(records);
    assertThat(both).extracting(r -> r.host().id()).containsExactlyInAnyOrder("server-host", "joiner-host");
    for (CapabilityRecord r : both) {
      assertThat(r.links()).singleElement().satisfies(l -> assertThat(l.ok()).isTrue());
    }

    Run plan = run(new PlannerCli(), "plan", "--records", records.toString());
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("joiner-host", "server-host", "quic");
  }

  @Test
  void aForgedTokenIsRefusedWithAReasonAndNoRecord(@TempDir Path dir) throws Exception {
    StringWriter serveOut = new StringWriter();
    CommandLine serve = new CommandLine(new ProbeAgentCli());
    serve.setOut(new PrintWriter(serveOut, true));
    serve.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture.runAsync(() -> serve.execute(
        "serve", "--listen", "127.0.0.1:0", "--profiles", "quic", "--wait", "5",
        "--output", dir.resolve("server.json").toString()));
    String token = awaitToken(serveOut);
    // Same address and pin, a different secret.
    String forged = dev.fabricplanner.probe.control.InviteToken.decode(token).host();
    var real = dev.fabricplanner.probe.control.InviteToken.decode(token);
    var fake = new dev.fabricplanner.probe.control.InviteToken(real.host(), real.port(), real.fingerprint(),
        dev.fabricplanner.probe.control.InviteSecret.random(), real.version());
    Path record = dir.resolve("joiner.json");
    Run run = run(new ProbeAgentCli(), "run", "--join", tokenFile(dir, fake.encode()).toString(), "--profiles", "quic",
        "--output", record.toString());
    assertThat(forged).isEqualTo("127.0.0.1");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("wrong invite secret");
    assertThat(Files.exists(record)).isFalse();
  }

  @Test
  void badFlagsGiveOneLineEachAndExitTwo() {
    Run run = run(new ProbeAgentCli(), "run", "--profiles", "quic,warp", "--endpoint-type", "stream");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines().toList()).containsExactly(
        "--profiles: unknown profile 'warp'; wanted some of rdma,tcp,sockets,shm,udp,nvlink,quic",
        "--endpoint-type: 'stream' is not an endpoint type; wanted rdm, dgram or msg");

    // A provider none of the chosen profiles tests would have tested nothing, silently.
    Run provider = run(new ProbeAgentCli(), "run", "--profiles", "tcp,shm", "--provider", "net");
    assertThat(provider.exit()).isEqualTo(2);
    assertThat(provider.err().strip()).isEqualTo(
        "--provider: 'net' is not tested by the chosen profiles (tcp,shm); wanted one of tcp, shm");

    // A token on the command line is refused (ps shows argv to every user) and not echoed back whole.
    String secretBearing = new dev.fabricplanner.probe.control.InviteToken("127.0.0.1", 7447,
        dev.fabricplanner.probe.control.ProbeIdentity.generate().fingerprint(),
        dev.fabricplanner.probe.control.InviteSecret.random(), 1).encode();
    Run token = run(new ProbeAgentCli(), "run", "--join", secretBearing);
    assertThat(token.exit()).isEqualTo(2);
    assertThat(token.err().strip()).isEqualTo(
        "--join: '" + secretBearing.substring(0, 8) + "…' is not a file; give the token in a file (--join FILE) or on "
            + "stdin (--join -), never on the command line, where ps shows it to every user");

    Run listen = run(new ProbeAgentCli(), "serve", "--listen", "127.0.0.1");
    assertThat(listen.exit()).isEqualTo(2);
    assertThat(listen.err()).contains("--listen: '127.0.0.1' wants ADDR:PORT");
  }

  @Test
  void aTokenFileThatHoldsNoTokenIsOneClearLine(@TempDir Path dir) throws Exception {
    Path garbage = tokenFile(dir, "garbage!");
    Run token = run(new ProbeAgentCli(), "run", "--join", garbage.toString());
    assertThat(token.exit()).isEqualTo(2);
    assertThat(token.err().strip()).isEqualTo(
        "--join: not an invite token (want the base64url text `probe-agent serve` printed)");
  }

  @Test
  void listShowsQuicAndTheGpuSkipReasonAsTextAndJson() throws Exception {
    Run text = run(new ProbeAgentCli(), "list");
    assertThat(text.exit()).isZero();
    assertThat(text.out()).contains("libfabric:", "GPUs:", "QUIC: available");
    Run json = run(new ProbeAgentCli(), "list", "--json");
    assertThat(json.exit()).isZero();
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(tree.path("quic").path("initial_max_data").asText()).isEqualTo("67108864");
    assertThat(tree.path("gpus").isArray()).isTrue();
    assertThat(tree.path("libfabric").path("loaded").isBoolean()).isTrue();
  }

  @Test
  void nvlinkWithoutAGpuDriverIsSkippedWithCudasOwnReasonInTheOutputAndTheRecord(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.exists(Path.of("/usr/local/cuda/lib64/libcudart.so")), "needs the CUDA toolkit's libcudart");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.fabricplanner.probe.cuda.CudaProbe.open() instanceof dev.fabricplanner.probe.cuda.CudaProbe.Skipped,
        "this machine has a working GPU");
    Path record = dir.resolve("h.json");

    Run probe = run(new ProbeAgentCli(), "run", "--quick", "--profiles", "nvlink", "--host-id", "h",
        "--output", record.toString());

    assertThat(probe.exit()).as(probe.err()).isZero();
    String reason = probe.out().lines()
        .filter(l -> l.startsWith("nvlink: skipped ("))
        .findFirst().orElseThrow(() -> new AssertionError(probe.out()));
    assertThat(reason).startsWith("nvlink: skipped (cudaGetDeviceCount: cudaError").contains("libcudart.so");
    CapabilityRecord back = new CapabilityRecordReader().read(record);
    assertThat(back.fabrics())
        .singleElement()
        .satisfies(f -> {
          assertThat(f.status()).isEqualTo(FabricStatus.SKIPPED);
          assertThat("nvlink: skipped (" + f.reason() + ")").isEqualTo(reason);
        });
  }

  @Test
  void gpuMemoryWithoutAGpuIsSkippedWithCudasReasonAndTheHostMemoryLinksStay(@TempDir Path dir) throws Exception {
    var opening = dev.fabricplanner.probe.cuda.CudaProbe.open();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        opening instanceof dev.fabricplanner.probe.cuda.CudaProbe.Skipped, "this machine has a working GPU");
    Path record = dir.resolve("h.json");

    Run probe = run(new ProbeAgentCli(), "run", "--quick", "--profiles", "tcp", "--gpu-memory", "--host-id", "h",
        "--output", record.toString());

    assertThat(probe.exit()).as(probe.err()).isZero();
    assertThat(probe.out()).contains(
        "gpu-memory: skipped (" + ((dev.fabricplanner.probe.cuda.CudaProbe.Skipped) opening).reason() + ")");
    CapabilityRecord back = new CapabilityRecordReader().read(record);
    assertThat(back.links()).singleElement().satisfies(l -> {
      assertThat(l.provider()).isEqualTo("tcp;ofi_rxm");
      assertThat(l.ok()).isTrue();
      assertThat(l.facts().gpuPath()).isEqualTo(dev.fabricplanner.core.record.GpuPath.HOST_MEMORY);
    });
  }

  /**
   * GPU machines only (skipped here): {@code serve} in a second JVM exports one buffer per GPU and offers
   * the handles over the QUIC control stream; {@code run --join} here imports, copies and records them.
   */
  @Test
  void serveAndJoinOnOneGpuHostMeasureCudaIpcOverTheControlStream(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.fabricplanner.probe.cuda.CudaProbe.open() instanceof dev.fabricplanner.probe.cuda.CudaProbe.Available,
        "needs a GPU");
    Path serveLog = dir.resolve("serve.log");
    Process serve = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ProbeAgentCli.class.getName(),
            "serve", "--listen", "127.0.0.1:0", "--profiles", "nvlink", "--quick", "--host-id", "exporter",
            "--wait", "120", "--output", dir.resolve("exporter.json").toString())
        .redirectError(serveLog.toFile())
        .start();
    try {
      String token = new java.io.BufferedReader(
          new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(token).as("serve printed no token").isNotBlank();
      Path record = dir.resolve("importer.json");

      Run join = run(new ProbeAgentCli(), "run", "--join", tokenFile(dir, token).toString(), "--quick", "--profiles", "nvlink",
          "--host-id", "importer", "--output", record.toString());

      assertThat(join.exit()).as(join.err()).isZero();
      assertThat(serve.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(serve.exitValue()).as(Files.readString(serveLog)).isZero();
      assertThat(Files.readString(serveLog)).contains("cuda ipc: peer imported IPC gpu0->gpu0: OK");
      CapabilityRecord back = new CapabilityRecordReader().read(record);
      assertThat(back.links())
          .filteredOn(l -> l.provider().equals("cuda_ipc") && l.src().equals(l.dst()))
          .isNotEmpty()
          .allSatisfy(l -> {
            assertThat(l.status()).as(l.reason()).isEqualTo(FabricStatus.OK);
            assertThat(l.payloadVerified()).isTrue();
          });
    } finally {
      serve.destroyForcibly();
    }
  }

  /** A token where {@code --join} takes it: in a file. */
  static Path tokenFile(Path dir, String token) throws java.io.IOException {
    Path file = Files.createTempFile(dir, "invite", ".token");
    Files.writeString(file, token + "\n");
    return file;
  }

  private static String awaitToken(StringWriter out) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      String text = out.toString().strip();
      if (!text.isEmpty()) {
        return text.lines().findFirst().orElseThrow();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve printed no token");
  }
}
