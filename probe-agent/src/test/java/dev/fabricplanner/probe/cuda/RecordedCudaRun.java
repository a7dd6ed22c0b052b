package dev.fabricplanner.probe.cuda;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A probe run kept as JSON (test resources under {@code cuda/}): the inventory and copy results a
 * GPU host produced, with a note saying where its figures come from.
 */
record RecordedCudaRun(String source, GpuInventory inventory, List<CopyTestResult> results) {
  static RecordedCudaRun load(String resource) throws IOException {
    try (InputStream in = RecordedCudaRun.class.getResourceAsStream("/cuda/" + resource)) {
      if (in == null) {
        throw new IOException("missing test resource cuda/" + resource);
      }
      return new ObjectMapper().readValue(in, RecordedCudaRun.class);
    }
  }
}
