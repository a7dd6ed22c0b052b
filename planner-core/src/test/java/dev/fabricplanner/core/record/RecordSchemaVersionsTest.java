package dev.fabricplanner.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Schema 2's additions: what they read as, that schema 1 still reads, and one line per bad value. */
class RecordSchemaVersionsTest {
  private static final Instant WHEN = Instant.parse("2026-11-22T10:00:00Z");
  private final CapabilityRecordReader reader = new CapabilityRecordReader();
  private final CapabilityRecordWriter writer = new CapabilityRecordWriter();

  /** A record with none of schema 2's fields, as a schema 1 probe wrote it. */
  private String version1Json() {
    CapabilityRecord plain = CapabilityRecord.builder(new HostIdentity("h1", "h1", "0.1.0", WHEN))
        .fabric(Fabric.quic("quic", "dc1-lan"))
        .link(LinkMeasurement.builder(Endpoint.hostMemory("h1"), Endpoint.hostMemory("h2"),
                Backend.QUIC, "quic", "dc1-lan")
            .measuredAt(WHEN).warmupIterations(10).payloadVerified(true)
            .sample(new SizeSample(4096, 50.0, 80.0, 1.0e8, 2.0, 100))
            .facts(new LinkFacts(PathClass.NET, null, null, null))
            .build())
        .build();
    String json = writer.toJson(plain)
        .replace("\"schema_version\" : 2", "\"schema_version\" : 1")
        .replace(",\n    \"provenance\" : \"measured\"", "");
    assertThat(json).doesNotContain("provenance").contains("\"schema_version\" : 1");
    return json;
  }

  @Test
  void version1RecordsStillReadAsMeasuredWithoutSiteOrSoftware() throws Exception {
    CapabilityRecord record = reader.parse(version1Json(), "old.json");
    assertThat(record.host().provenance()).isEqualTo(Provenance.MEASURED);
    assertThat(record.host().site()).isNull();
    assertThat(record.host().software()).isNull();
    assertThat(record.links().get(0).facts().gpuPath()).isNull();
    assertThat(record.links().get(0).shortfall()).isNull();
  }

  @Test
  void version2FieldsInAVersion1RecordAreRefusedByName() {
    String json = version1Json()
        .replace("\"agent_version\" : \"0.1.0\",", "\"agent_version\" : \"0.1.0\", \"site\" : \"dc1\",")
        .replace("\"path_class\" : \"NET\"", "\"path_class\" : \"NET\", \"gpu_path\" : \"tcp\"");
    assertThatThrownBy(() -> reader.parse(json, "old.json"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "old.json: /host/site: this field needs schema_version 2; the record says 1",
            "old.json: /links/0/facts/gpu_path: this field needs schema_version 2; the record says 1"));
  }

  @Test
  void everySchema2FieldReadsBackAsWritten() throws Exception {
    CapabilityRecord sample = CapabilityRecordJsonTest.sample();
    CapabilityRecord back = reader.parse(writer.toJson(sample), "s.json");
    assertThat(back.host().site()).isEqualTo("dc1");
    assertThat(back.host().software().libfabricVersion()).isEqualTo("1.17");
    assertThat(back.fabrics().get(0).nominalBytesPerSec()).isEqualTo(1.25e10);
    assertThat(back.fabrics().get(0).linkLayer()).isEqualTo(LinkLayer.UNSPECIFIED);
    assertThat(back.links().get(0).facts().gpuPath()).isEqualTo(GpuPath.GPUDIRECT_RDMA);
    assertThat(back.links().get(0).shortfall().likelyCause()).isEqualTo(ShortfallCause.REMOTE_NUMA);
    assertThat(back).isEqualTo(sample);
  }

  @Test
  void malformedSoftwareIsOneLinePerProblem() {
    String json = writer.toJson(CapabilityRecordJsonTest.sample())
        .replace("\"kernel\" : \"6.1.0-27-amd64\"", "\"kernel\" : 61, \"glibc\" : \"2.36\"");
    assertThatThrownBy(() -> reader.parse(json, "sw.json"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "sw.json: /host/software/kernel: wanted a non-empty string, got 61",
            "sw.json: /host/software/glibc: unknown field; wanted one of agent_commit, libfabric_version,"
                + " kernel, os, cuda_runtime, cuda_driver, nvml_driver"));
  }

  @Test
  void unknownGpuPathAndShortfallCauseNameTheAllowedValues() {
    String json = writer.toJson(CapabilityRecordJsonTest.sample())
        .replace("\"gpu_path\" : \"gpudirect_rdma\"", "\"gpu_path\" : \"pcie_p2p\"")
        .replace("\"likely_cause\" : \"remote_numa\"", "\"likely_cause\" : \"cosmic_rays\"");
    assertThatThrownBy(() -> reader.parse(json, "p.json"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "p.json: /links/0/facts/gpu_path: wanted one of nvlink, cuda_ipc_pcie, gpudirect_rdma,"
                + " host_staged_rdma, host_memory, tcp, got \"pcie_p2p\"",
            "p.json: /links/0/shortfall/likely_cause: wanted one of tcp_fallback, gpudirect_off,"
                + " remote_numa, mtu, unknown, got \"cosmic_rays\""));
  }

  @Test
  void anOkLinkWithoutAUsableSweepIsOneLineNotACrash() {
    String sweep = writer.toJson(CapabilityRecordJsonTest.sample());
    int start = sweep.indexOf("\"sweep\" : [");
    int end = sweep.indexOf("],", start) + 1;
    String array = sweep.substring(start, end);
    for (String[] variant : new String[][] {
        {"\"sweep\" : null", "/links/0/sweep: missing; a value is required"},
        {"\"sweep\" : 5", "/links/0/sweep: wanted an array, got 5"},
        {"\"sweep\" : []", "/links/0/sweep: wanted at least one sample for an ok measurement"},
        {"\"sweep\" : [ 7 ]", "/links/0/sweep/0: wanted a JSON object, got 7"}}) {
      String json = sweep.replace(array, variant[0]);
      assertThatThrownBy(() -> reader.parse(json, "n.json"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("n.json: " + variant[1]);
    }
    String missing = sweep.replace(array + ",", "");
    assertThatThrownBy(() -> reader.parse(missing, "n.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("n.json: /links/0/sweep: missing; a value is required");
  }
}
