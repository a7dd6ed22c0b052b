package dev.fabricplanner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.route.PipelinePlanner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PipelineReaderTest {
  private static final String MODEL = "\"model\": {\"name\": \"m\", \"layers\": 10, \"hidden_size\": 4096,"
      + " \"dtype\": \"bf16\", \"kv_bytes_per_token\": 1000, \"weights_bytes\": 100000000000}";
  private final PipelineReader reader = new PipelineReader();

  @Test
  void stageCountSplitsLayersEvenlyWithTheRemainderFirst() throws Exception {
    Pipeline p = reader.parse("{" + MODEL + ", \"stage_count\": 4}", "p.json");
    assertThat(p.stages()).extracting(StageSpec::layers).containsExactly(3, 3, 2, 2);
    assertThat(p.placedByUser()).isFalse();
    assertThat(p.traffic()).isEqualTo(TrafficSpec.DEFAULT);
    assertThat(p.maxRecordAge()).isEqualTo(Duration.ofDays(7));
    assertThat(p.model().activationBytesPerToken()).isEqualTo(8192);
  }

  @Test
  void everyProblemIsOneLineWithItsPointer() {
    String json = "{\"model\": {\"name\": \"m\", \"layers\": 0, \"hidden_size\": 4096, \"dtype\": \"bf15\","
        + " \"kv_bytes_per_token\": 1000}, \"stages\": [{\"layers\": 5, \"gpu\": \"h:0\"}, {\"layers\": 5}],"
        + " \"constraints\": {\"latency_cap_us\": -1, \"vram_fraction\": 2}, \"extra\": 1}";
    assertThatThrownBy(() -> reader.parse(json, "p.json"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "p.json: /model/layers: wanted a whole number from 1 to 100000, got 0",
            "p.json: /model/dtype: wanted one of fp32, bf16, fp16, fp8, int8, got \"bf15\"",
            "p.json: /constraints/latency_cap_us: wanted a number > 0, got -1",
            "p.json: /constraints/vram_fraction: wanted a share from 0 to 1, got 2.0",
            "p.json: /extra: unknown field; wanted one of name, model, stages, stage_count, traffic,"
                + " constraints, striping"));
  }

  @Test
  void layersMustAddUpAndGpusMustBeAllOrNone() {
    assertThatThrownBy(() -> reader.parse("{" + MODEL
            + ", \"stages\": [{\"layers\": 4, \"gpu\": \"a:0\"}, {\"layers\": 5, \"gpu\": \"a:1\"}]}", "p.json"))
        .hasMessage("p.json: /stages: wanted stage layers summing to the model's 10, got 9");
    assertThatThrownBy(() -> reader.parse("{" + MODEL
            + ", \"stages\": [{\"gpu\": \"a:0\"}, {}]}", "p.json"))
        .hasMessage("p.json: /stages: wanted a \"gpu\" on every stage or on none (the planner places"
            + " them)");
    assertThatThrownBy(() -> reader.parse("{" + MODEL + "}", "p.json"))
        .hasMessage("p.json: /: wanted exactly one of \"stages\" (a list) or \"stage_count\"");
  }

  @Test
  void unknownGpusAndImpossiblePlacementsAreUserErrors() throws Exception {
    var records = new CapabilityRecordReader().readAll(Path.of("..", "examples", "records"));
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    Pipeline badRefs = reader.parse("{" + MODEL + ", \"stages\": [{\"gpu\": \"nvl8-h100:9\"},"
        + " {\"gpu\": \"nowhere:0\"}, {\"gpu\": \"nvl8-h100\"}, {\"gpu\": \"nvl8-h100:0\"},"
        + " {\"gpu\": \"nvl8-h100:0\"}]}", "p.json");
    assertThatThrownBy(() -> new PipelinePlanner().plan(records, badRefs, now))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).problems()).containsExactly(
            "p.json: /stages/0/gpu: wanted a GPU index or id of nvl8-h100 (it has 8 GPUs), got \"9\"",
            "p.json: /stages/1/gpu: wanted a host id from the records (cxi-gh200-a, cxi-gh200-b,"
                + " cxi-gh200-c, efa-p5-a, efa-p5-b, efa-p5x8-a, efa-p5x8-b, nvl8-h100, ... 4 more),"
                + " got \"nowhere\"",
            "p.json: /stages/2/gpu: wanted \"HOST:INDEX\" or \"HOST:GPU-UUID\", got \"nvl8-h100\"",
            "p.json: /stages/4/gpu: wanted a GPU no other stage uses, \"nvl8-h100:0\" is taken"));
    Pipeline tooBig = reader.parse("{\"model\": {\"name\": \"huge\", \"layers\": 2, \"hidden_size\": 1,"
        + " \"dtype\": \"fp8\", \"kv_bytes_per_token\": 0, \"weights_bytes\": 400000000000},"
        + " \"stage_count\": 2}", "big.json");
    assertThatThrownBy(() -> new PipelinePlanner().plan(records, tooBig, now))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("big.json: /stages/0: stage 0 (1 layers) needs 200.0 GB of VRAM");
  }
}
