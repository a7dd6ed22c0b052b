package dev.fabricplanner.cli;

import dev.fabricplanner.sim.sweep.SweepGrid;
import dev.fabricplanner.sim.sweep.SweepRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files of each run of a sweep folder that must match between backends (all but timing.json). */
record SweepRunFiles(Path sweepDir, List<Path> files) {
  static List<SweepRunFiles> of(SweepGrid grid, Path sweepDir) throws Exception {
    List<SweepRunFiles> runs = new ArrayList<>();
    for (SweepRun run : grid.runs()) {
      Path runDir = sweepDir.resolve("runs").resolve(run.id());
      List<Path> files = SweepCommandTest.relativeFiles(runDir).stream()
          .filter(p -> !p.getFileName().toString().equals("timing.json"))
          .map(runDir::resolve).toList();
      if (files.size() < 5) {
        throw new AssertionError(runDir + " holds only " + files);
      }
      runs.add(new SweepRunFiles(sweepDir, files));
    }
    return runs;
  }

  Path relative(Path file) {
    return sweepDir.relativize(file);
  }
}
