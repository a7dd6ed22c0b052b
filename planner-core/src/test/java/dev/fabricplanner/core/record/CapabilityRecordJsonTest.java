package dev.fabricplanner.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityRecordJsonTest {
  private static final Instant WHEN = Instant.parse("2026-11-22T10:00:00Z");
  private final CapabilityRecordReader reader = new CapabilityRecordReader();
  private final CapabilityRecordWriter writer = new CapabilityRecordWriter();

  static CapabilityRecord sample() {
    HostIdentity host = new HostIdentity("host-a", "node-a", "0.1.0", WHEN).withSite("dc1")
        .withSoftware(new HostSoftware("2191fbd", "1.17", "6.1.0-27-amd64",
            "Debian GNU/Linux 12 (bookworm)", "12.4", "12.4", "550.54.15"));
    return CapabilityRecord.builder(host)
        .gpu(new Gpu("GPU-a0", 0, "NVIDIA H100 80GB HBM3", 85_520_809_984L, "0000:18:00.0", 0))
        .gpu(new Gpu("GPU-a1", 1, "NVIDIA H100 80GB HBM3", 85_520_809_984L, null, null))
        .gpuPair(new GpuPair("GPU-a0", "GPU-a1", true, true, 18, PathClass.NVL, NvmlP2pStatus.OK))
        .fabric(Fabric.libfabric("efa0", "efa", EndpointType.RDM, "efa", "rdmap0-rdm", true,
            RmaSupport.NATIVE).withNic("EFA", LinkLayer.UNSPECIFIED, 1.25e10).withNumaNode(0))
        .fabric(Fabric.libfabric("verbs0", "verbs", EndpointType.RDM, "IB-0xfe80", "mlx5_0", null, null)
            .withStatus(FabricStatus.FAILED, "fi_getinfo: -61"))
        .fabric(Fabric.quic("quic", "dc1-lan"))
        .link(LinkMeasurement.builder(Endpoint.gpu("host-a", "GPU-a0"), Endpoint.gpu("host-b", "GPU-b0"),
                Backend.LIBFABRIC, "efa", "efa")
            .domains("rdmap0-rdm", "rdmap0-rdm")
            .measuredAt(WHEN).warmupIterations(100).payloadVerified(true)
            .sample(new SizeSample(1_048_576, 30.5, 41.0, 4.5e10, 1.5, 500))
            .sample(new SizeSample(4096, 11.0, 14.5, 2.0e9, 3.0, 1000))
            .facts(new LinkFacts(PathClass.NET, null, true, RmaSupport.NATIVE, GpuPath.GPUDIRECT_RDMA))
            .settings(settings("window", "64", "measured_by", "this host"))
            .shortfall(new Shortfall(1.25e10, 0.36, ShortfallCause.REMOTE_NUMA,
                "NIC rdmap0 on NUMA node 1, GPU-a0 on node 0"))
            .build())
        .link(LinkMeasurement.builder(Endpoint.hostMemory("host-a"), Endpoint.hostMemory("host-c"),
                Backend.QUIC, "quic", "dc1-lan")
            .measuredAt(WHEN).failed("handshake timed out after 5 s").build())
        .build();
  }

  private static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void writesAndReadsBackTheSameRecord() throws Exception {
    CapabilityRecord record = sample();
    String json = writer.toJson(record);
    CapabilityRecord back = reader.parse(json, "mem.json");
    assertThat(back).isEqualTo(record);
    assertThat(writer.toJson(back)).isEqualTo(json);
    assertThat(back.links().get(0).sweep()).extracting(SizeSample::sizeBytes)
        .containsExactly(4096L, 1_048_576L);
    assertThat(json).contains("\"schema_version\" : 2").endsWith("}\n");
    assertThat(back.links().get(0).settings()).containsExactly(
        Map.entry("window", "64"), Map.entry("measured_by", "this host"));
    assertThat(back.links().get(1).settings()).isEmpty();
    assertThat(json).containsOnlyOnce("\"settings\"");
  }

  @Test
  void settingsMustBeStrings() {
    String json = writer.toJson(sample()).replace("\"window\" : \"64\"", "\"window\" : 64");
    assertThatThrownBy(() -> reader.parse(json, "s.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("s.json: /links/0/settings/window: wanted a string, got 64");
  }

  @Test
  void writeIsAtomicAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("host-a.json");
    Files.writeString(file, "old");
    writer.write(sample(), file);
    assertThat(reader.read(file)).isEqualTo(sample());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("host-a.json");
    }
  }

  @Test
  void unknownFieldIsRejectedWithPointer() {
    String json = writer.toJson(sample()).replace("\"hostname\"", "\"hostnmae\"");
    assertThatThrownBy(() -> reader.parse(json, "a.json"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "a.json: /host/hostname: missing; a value is required",
            "a.json: /host/hostnmae: unknown field; wanted one of id, hostname, agent_version, measured_at,"
                + " site, provenance, software"));
  }

  @Test
  void newerSchemaVersionIsRefusedClearly() {
    String json = writer.toJson(sample()).replace("\"schema_version\" : 2", "\"schema_version\" : 3");
    assertThatThrownBy(() -> reader.parse(json, "new.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("new.json: /schema_version: this record uses schema version 3, newer than the 2 this"
            + " planner reads; upgrade fabric-planner or re-run an older probe-agent");
  }

  @Test
  void everyBadValueIsReportedWithItsPointer() {
    String json = writer.toJson(sample())
        .replace("\"vram_bytes\" : 85520809984,\n      \"pci_bus_id\"", "\"vram_bytes\" : \"80GB\",\n      \"pci_bus_id\"")
        .replace("\"status\" : \"ok\"", "\"status\" : \"good\"")
        .replace("\"latency_p99_us\" : 14.5", "\"latency_p99_us\" : 9.0")
        .replace("\"gpu_b\" : \"GPU-a1\"", "\"gpu_b\" : \"GPU-zz\"");
    assertThatThrownBy(() -> reader.parse(json, "bad.json"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "bad.json: /gpus/0/vram_bytes: wanted a whole number >= 0, got \"80GB\"",
            "bad.json: /fabrics/0/status: wanted one of ok, skipped, failed, got \"good\"",
            "bad.json: /fabrics/2/status: wanted one of ok, skipped, failed, got \"good\"",
            "bad.json: /links/0/status: wanted one of ok, skipped, failed, got \"good\"",
            "bad.json: /links/0/sweep/0/latency_p99_us: wanted a p99 >= latency_p50_us (11.0), got 9.0"));
  }

  @Test
  void crossReferencesAreChecked() {
    String json = writer.toJson(sample()).replace("\"gpu_b\" : \"GPU-a1\"", "\"gpu_b\" : \"GPU-zz\"");
    assertThatThrownBy(() -> reader.parse(json, "x.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("x.json: /gpu_pairs/0/gpu_b: wanted the id of a GPU in /gpus, got \"GPU-zz\"");
  }

  @Test
  void invalidJsonNamesLineAndColumn() {
    assertThatThrownBy(() -> reader.parse("{\n  \"schema_version\": 1,,\n}", "broken.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("broken.json: line 2, column 23: not valid JSON");
  }

  @Test
  void folderIsReadInNameOrderAndDuplicateHostsAreProblems(@TempDir Path dir) throws Exception {
    writer.write(sample(), dir.resolve("b.json"));
    writer.write(sample(), dir.resolve("a.json"));
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    assertThatThrownBy(() -> reader.readAll(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(dir.resolve("b.json") + ": /host/id: wanted a host id no other record uses,"
            + " \"host-a\" is also in " + dir.resolve("a.json"));
    Files.delete(dir.resolve("b.json"));
    List<CapabilityRecord> records = reader.readAll(dir);
    assertThat(records).containsExactly(sample());
  }

  @Test
  void builderRefusesBrokenRecords() {
    HostIdentity host = new HostIdentity("h", "h", "0", WHEN);
    assertThatThrownBy(() -> CapabilityRecord.builder(host)
            .gpuPair(new GpuPair("GPU-x", "GPU-y", true, false, 0, null, null)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/gpu_pairs/0/gpu_a: wanted the id of a GPU in /gpus");
  }

  @Test
  void recordAgeIsComparedWithTheConfiguredMaximum() {
    CapabilityRecord record = sample();
    assertThat(record.isOlderThan(java.time.Duration.ofDays(7), WHEN.plusSeconds(7 * 86400 + 1)))
        .isTrue();
    assertThat(record.isOlderThan(java.time.Duration.ofDays(7), WHEN.plusSeconds(7 * 86400)))
        .isFalse();
  }
}
