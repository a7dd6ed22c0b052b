package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibfabricLoadTest {

  @Test
  void systemLibraryLoadsWithItsVersion() {
    LibfabricLoad load = Libfabric.load();
    assumeTrue(load.isLoaded(), () -> "libfabric absent: " + load.skipReason());
    assertThat(load.library().version()).matches("1\\.\\d+");
    assertThat(load.skipReason()).isNull();
  }

  @Test
  void missingPathSkipsWithAReasonNamingThePath() {
    Path absent = Path.of("/nonexistent/libfabric.so.1");
    LibfabricLoad load = Libfabric.load(absent);
    assertThat(load.isLoaded()).isFalse();
    assertThat(load.libraryIfLoaded()).isEmpty();
    assertThat(load.skipReason()).contains("/nonexistent/libfabric.so.1").contains("not found");
  }

  @Test
  void systemPropertyPointsTheLoaderElsewhere() {
    String before = System.getProperty(Libfabric.PATH_PROPERTY);
    System.setProperty(Libfabric.PATH_PROPERTY, "/nonexistent/elsewhere/libfabric.so");
    try {
      LibfabricLoad load = Libfabric.load();
      assertThat(load.isLoaded()).isFalse();
      assertThat(load.skipReason()).contains("/nonexistent/elsewhere/libfabric.so");
    } finally {
      if (before == null) {
        System.clearProperty(Libfabric.PATH_PROPERTY);
      } else {
        System.setProperty(Libfabric.PATH_PROPERTY, before);
      }
    }
  }

  @Test
  void aFileThatIsNotALibrarySkipsInsteadOfThrowing(@TempDir Path dir) throws Exception {
    Path notALibrary = Files.writeString(dir.resolve("libfabric.so.1"), "not an ELF file");
    LibfabricLoad load = Libfabric.load(notALibrary);
    assertThat(load.isLoaded()).isFalse();
    assertThat(load.skipReason()).contains("could not be loaded").contains(notALibrary.toString());
  }

  @Test
  void aLibraryWithoutLibfabricSymbolsSkips() {
    Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    assumeTrue(Files.isRegularFile(libc), "no glibc at the Debian path");
    LibfabricLoad load = Libfabric.load(libc);
    assertThat(load.isLoaded()).isFalse();
    assertThat(load.skipReason()).contains("is not libfabric");
  }
}
