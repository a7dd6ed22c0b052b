package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = CliRunner.execute(new PlannerCli(), args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void plansAPipelineAndWritesPlanJson(@TempDir Path dir) throws Exception {
    Path plan = dir.resolve("plan.json");
    Run run = run("plan", "--records", EXAMPLES.resolve("records").toString(),
        "--pipeline", EXAMPLES.resolve("pipelines/llama70b-efa-2host.json").toString(),
        "--output", plan.toString(), "--now", "2026-11-25T12:00:00Z");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("stage 1 -> 2", "chosen    libfabric:efa(rdm@efa)",
        "STRIPED,FASTEST", "fallback  libfabric:efa(rdm@efa) -> quic(dc1-lan)",
        "Total per-token transfer latency");
    String json = Files.readString(plan);
    assertThat(json).contains("\"plan_version\" : 1", "\"transport\" : \"libfabric:efa\"");
    // Same input, same bytes.
    Path again = dir.resolve("again.json");
    run("plan", "--records", EXAMPLES.resolve("records").toString(),
        "--pipeline", EXAMPLES.resolve("pipelines/llama70b-efa-2host.json").toString(),
        "--output", again.toString(), "--now", "2026-11-25T12:00:00Z");
    assertThat(Files.readString(again)).isEqualTo(json);
  }

  @Test
  void withoutAPipelineItSurveysEveryHostPair() {
    Run run = run("plan", "--records", EXAMPLES.resolve("records").toString(),
        "--now", "2026-11-25T12:00:00Z");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("cxi-gh200-a -> cxi-gh200-b", "PROBE_FAILED",
        "nvl8-h100:0 -> nvl8-h100:7", "wan-edge-a -> wan-edge-b");
    // wan-edge-b is dated a month before the others, but example records have no age to go stale.
    assertThat(run.out()).doesNotContain("STALE_RECORD");
  }

  @Test
  void badRecordsGiveOneLinePerProblemExitTwoAndNoOutputFile(@TempDir Path dir) throws Exception {
    String good = Files.readString(EXAMPLES.resolve("records/tcp-l40s-b.json"));
    Files.writeString(dir.resolve("a.json"), good.replace("\"index\": 0", "\"index\": -1")
        .replace("\"schema_version\": 2", "\"schema_version\": 2, \"colour\": \"red\""));
    Files.writeString(dir.resolve("b.json"), good.replace("\"schema_version\": 2",
        "\"schema_version\": 3"));
    Path plan = dir.resolve("out").resolve("plan.json");
    Run run = run("plan", "--records", dir.toString(), "--output", plan.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList()).containsExactly(
        dir.resolve("a.json") + ": /gpus/0/index: wanted a whole number from 0 to 1023, got -1",
        dir.resolve("a.json") + ": /colour: unknown field; wanted one of schema_version, host, gpus,"
            + " gpu_pairs, fabrics, links",
        dir.resolve("b.json") + ": /schema_version: this record uses schema version 3, newer than"
            + " the 2 this planner reads; upgrade fabric-planner or re-run an older probe-agent");
    assertThat(Files.exists(plan)).isFalse();
  }

  @Test
  void badFlagsAreOneLineEach() {
    Run now = run("plan", "--records", EXAMPLES.resolve("records").toString(), "--now", "yesterday");
    assertThat(now.exit()).isEqualTo(2);
    assertThat(now.err().strip()).isEqualTo(
        "--now: wanted an ISO-8601 UTC time like 2026-11-25T12:00:00Z, got \"yesterday\"");
    Run missing = run("plan", "--records", "no/such/dir");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo(
        "no/such/dir: no such file or folder; wanted a capability record file or a folder of them");
    // picocli's own flag errors: its line and a pointer to --help, not forty lines of usage.
    Run unknown = run("plan", "--recods", "x");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("Not understood: '--recods'")
        .contains("Missing required option: '--records")
        .endsWith("(planner plan --help lists the options)"));
  }

  @Test
  void anOkLinkWithANullSweepIsOneLineNotAStackTrace(@TempDir Path dir) throws Exception {
    String good = Files.readString(EXAMPLES.resolve("records/tcp-l40s-a.json"));
    int start = good.indexOf("\"sweep\": [");
    int end = good.indexOf("]", start) + 1;
    Files.writeString(dir.resolve("a.json"), good.substring(0, start) + "\"sweep\": null"
        + good.substring(end));
    Files.copy(EXAMPLES.resolve("records/tcp-l40s-b.json"), dir.resolve("b.json"));
    Run run = run("plan", "--records", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList()).containsExactly(
        dir.resolve("a.json") + ": /links/0/sweep: missing; a value is required");
  }

  @Test
  void planningOnExampleRecordsSaysSoAndRepeatsShortfalls() {
    Run run = run("plan", "--records", EXAMPLES.resolve("records").toString(),
        "--now", "2026-11-25T12:00:00Z");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("planning on example records (provenance example, written by hand,"
        + " not measured)", "record of cxi-gh200-a: /links/1: measured 12 % of the path's nominal",
        "cxi-gh200-a -> cxi-gh200-b: no RDMA between");
  }

  @Test
  void malformedSoftwareAndAnUnknownGpuPathAreOneLineEach(@TempDir Path dir) throws Exception {
    String good = Files.readString(EXAMPLES.resolve("records/tcp-l40s-a.json"));
    Files.writeString(dir.resolve("a.json"), good
        .replace("\"os\": \"Debian GNU/Linux 12 (bookworm)\"", "\"os\": 12")
        .replace("\"gpu_path\": \"tcp\"", "\"gpu_path\": \"ethernet\""));
    Files.copy(EXAMPLES.resolve("records/tcp-l40s-b.json"), dir.resolve("b.json"));
    Run run = run("plan", "--records", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines().toList()).containsExactly(
        dir.resolve("a.json") + ": /host/software/os: wanted a non-empty string, got 12",
        dir.resolve("a.json") + ": /links/0/facts/gpu_path: wanted one of nvlink, cuda_ipc_pcie,"
            + " gpudirect_rdma, host_staged_rdma, host_memory, tcp, got \"ethernet\"",
        dir.resolve("a.json") + ": /links/1/facts/gpu_path: wanted one of nvlink, cuda_ipc_pcie,"
            + " gpudirect_rdma, host_staged_rdma, host_memory, tcp, got \"ethernet\"");
  }
}
