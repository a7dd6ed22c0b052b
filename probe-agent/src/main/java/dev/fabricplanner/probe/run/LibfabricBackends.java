package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.probe.quic.StageSweepPlan;
import java.util.List;
import java.util.function.Consumer;

/** The libfabric profiles' backends: one per provider found, or a skipped fabric with the reason. */
final class LibfabricBackends {
  private LibfabricBackends() {}

  static void add(
      ProbeOptions options,
      StageSweepPlan plan,
      List<ProbeBackend> backends,
      List<Fabric> unavailable,
      List<String> notes,
      Consumer<String> progress) {
    for (String profile : options.profiles()) {
      if (!profile.equals("nvlink") && !profile.equals("quic")) {
        notes.add(profile + ": the libfabric probe is not part of this build yet (branch fabric)");
      }
    }
  }
}
