package dev.fabricplanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.LinkMeasurement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe at fleet scale, with every agent its own JVM process on loopback: one {@code serve} for
 * several joiners, and a campaign over hosts of several classes. QUIC only, quick sweeps, so it stays short.
 */
class ProbeFleetTest {
  /** One agent process; its stdout and stderr go to files beside the records. */
  private record Agent(String name, Process process, Path out, Path err) {
    int await() throws Exception {
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(name + " still running: " + log()).isTrue();
      return process.exitValue();
    }

    String log() throws IOException {
      return Files.readString(out) + Files.readString(err);
    }
  }

  private static Agent start(Path logs, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ProbeAgentCli.class.getName()));
    command.addAll(List.of(args));
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Agent(name, process, out, err);
  }

  @Test
  void oneServeAnswersThreeJoinersInTurnAndRecordsALinkToEach(@TempDir Path dir) throws Exception {
    Path records = dir.resolve("records");
    Path token = dir.resolve("invite.token");
    Agent serve = start(dir, "serve", "serve", "--listen", "127.0.0.1:0", "--profiles", "quic", "--quick",
        "--joiners", "3", "--wait", "120", "--host-id", "srv", "--token-file", token.toString(),
        "--output", records.resolve("srv.json").toString());
    List<Agent> joiners = new ArrayList<>();
    try {
      awaitFile(token, serve);
      assertThat(Files.getPosixFilePermissions(token))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      // All three at once: the server takes them one at a time, the others wait their turn.
      for (String id : List.of("j1", "j2", "j3")) {
        joiners.add(start(dir, id, "run", "--join", token.toString(), "--quick", "--profiles", "quic",
            "--host-id", id, "--output", records.resolve(id + ".json").toString()));
      }
      for (Agent joiner : joiners) {
        assertThat(joiner.await()).as(joiner.log()).isZero();
        assertThat(Files.readString(joiner.out())).contains("quic/loopback: ok");
      }
      assertThat(serve.await()).as(serve.log()).isZero();
    } finally {
      serve.process().destroyForcibly();
      joiners.forEach(j -> j.process().destroyForcibly());
    }
    String served = Files.readString(serve.err());
    assertThat(served).contains("(1 of 3)", "(2 of 3)", "(3 of 3)");
    assertThat(Files.readString(serve.out())).contains("with peer j1:", "with peer j2:", "with peer j3:");

    CapabilityRecord server = new CapabilityRecordReader().read(records.resolve("srv.json"));
    assertThat(server.links()).extracting(l -> l.dst().host()).containsExactlyInAnyOrder("j1", "j2", "j3");
    assertThat(server.links()).allSatisfy(l -> assertThat(l.ok()).isTrue());
    assertThat(server.fabrics()).extracting(f -> f.id()).doesNotHaveDuplicates();
    // Sessions ran in turn, so each link has its own time, and they are not all one stamp.
    assertThat(server.links().stream().map(LinkMeasurement::measuredAt).distinct().count()).isEqualTo(3);
  }

  @Test
  void aCampaignOverFourHostsInThreeClassesCoversEveryClassPairAndWritesOneRecordsFolder(@TempDir Path dir)
      throws Exception {
    Path hosts = dir.resolve("hosts.txt");
    Files.writeString(hosts, "# id class\na1 gpu-a\na2 gpu-a\nb1 gpu-b\nc1 cpu\n");
    Path campaign = dir.resolve("campaign");
    List<Agent> agents = new ArrayList<>();
    try {
      for (String id : List.of("a1", "a2", "b1", "c1")) {
        agents.add(start(dir, id, "campaign", "--hosts", hosts.toString(), "--dir", campaign.toString(),
            "--host-id", id, "--listen", "127.0.0.1:0", "--profiles", "quic", "--quick", "--wait", "120"));
      }
      for (Agent agent : agents) {
        assertThat(agent.await()).as(agent.log()).isZero();
      }
    } finally {
      agents.forEach(a -> a.process().destroyForcibly());
    }
    assertThat(Files.readString(campaign.resolve("schedule.tsv"))).isEqualTo(
        "round\tserver\tjoiner\twhy\n"
            + "1\ta1\ta2\tclass pair gpu-a/gpu-a\n"
            + "1\tb1\tc1\tclass pair gpu-b/cpu\n"
            + "2\ta1\tb1\tclass pair gpu-a/gpu-b\n"
            + "2\ta2\tc1\tclass pair gpu-a/cpu\n");
    List<CapabilityRecord> all = new CapabilityRecordReader().readAll(campaign.resolve("records"));
    Map<String, Set<String>> peers = all.stream().collect(Collectors.toMap(
        r -> r.host().id(),
        r -> r.links().stream().peek(l -> assertThat(l.ok()).as(l.reason()).isTrue())
            .map(l -> l.dst().host()).collect(Collectors.toSet())));
    assertThat(peers).isEqualTo(Map.of(
        "a1", Set.of("a2", "b1"), "a2", Set.of("a1", "c1"), "b1", Set.of("c1", "a1"), "c1", Set.of("b1", "a2")));
    // a1 and b1 never measured each other's classes' missing pair (b1-c1 is there, a1-c1 is not: sampled).
    assertThat(peers.get("a1")).doesNotContain("c1");
    // Tokens stay owner-only files in the folder; nothing put them on a command line.
    try (var tokens = Files.list(campaign.resolve("tokens"))) {
      assertThat(tokens.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a1.token", "a2.token", "b1.token");
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = CliRunner.execute(new PlannerCli(), new String[] {"plan", "--records", campaign.resolve("records").toString()});
    } finally {
      System.setOut(old);
    }
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("a1", "c1", "quic");
  }

  @Test
  void scheduleOnlyPrintsThePairsAndHowFewTheyAre(@TempDir Path dir) throws Exception {
    Path hosts = dir.resolve("hosts.txt");
    StringBuilder fleet = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      fleet.append("h").append(i).append(' ').append(i < 30 ? "h100" : i < 38 ? "a100" : "cpu").append('\n');
    }
    Files.writeString(hosts, fleet);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = CliRunner.execute(new ProbeAgentCli(),
          new String[] {"campaign", "--hosts", hosts.toString(), "--dir", dir.resolve("c").toString(), "--schedule-only"});
    } finally {
      System.setOut(old);
    }
    assertThat(exit).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("round\tserver\tjoiner\twhy\n")
        .contains("class pair h100/a100", "class pair a100/cpu", "class pair cpu/cpu")
        .endsWith("for 40 hosts in 3 classes (all pairs would be 780)\n");
    assertThat(Files.readString(dir.resolve("c").resolve("schedule.tsv"))).isEqualTo(
        text.substring(0, text.lastIndexOf('\n', text.length() - 2) + 1));
  }

  private static void awaitFile(Path file, Agent writer) throws Exception {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      assertThat(writer.process().isAlive()).as(writer.log()).isTrue();
      Thread.sleep(100);
    }
    assertThat(file).as(writer.log()).exists();
  }
}
