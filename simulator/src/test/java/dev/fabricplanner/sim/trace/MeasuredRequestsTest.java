package dev.fabricplanner.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration runs' measured per-request latencies, in the order of their replay traces. */
class MeasuredRequestsTest {
  @Test
  void groundTruthLinesUpWithItsReplayTrace() throws Exception {
    List<MeasuredRequests.Measured> measured = MeasuredRequests.read(SharedData.path(
        "vllm-calibration/traces/20260217-170634-llama-2-7b-tp1-reasoning_ground_truth.json.gz"));
    assertThat(measured).hasSize(4_800);
    // [{"index":0,"has_error":false,"e2e_s":24.297229328999492,"ttft_s":0.07840376300009666}, ...
    assertThat(measured.get(0).e2eMs()).isCloseTo(24_297.229328999492, within(1e-6));
    assertThat(measured.get(0).ttftMs()).isCloseTo(78.40376300009666, within(1e-9));
    // The failures are the requests the replay reader leaves out.
    assertThat(measured.stream().filter(MeasuredRequests.Measured::failed).count()).isEqualTo(4_068);
  }

  @Test
  void entriesOutOfOrderAreRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gt.json");
    Files.writeString(file, "[{\"index\":0,\"e2e_s\":1,\"ttft_s\":0.1},{\"index\":5,\"e2e_s\":1}]");
    assertThatThrownBy(() -> MeasuredRequests.read(file))
        .hasMessage(file + ": [1]: index: wanted 1 (entries follow the trace's request order), got 5");
  }
}
