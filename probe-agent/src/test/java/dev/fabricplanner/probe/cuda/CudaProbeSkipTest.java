package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skip paths, against the real libcudart installed here (CUDA 13 toolkit, no driver, no GPU).
 * On a machine with a GPU the first test does not apply and is skipped by its assumption.
 */
class CudaProbeSkipTest {
  private static final Path INSTALLED = Path.of("/usr/local/cuda/lib64/libcudart.so");

  @Test
  void realLibcudartWithoutDriverSkipsWithCudasOwnError() {
    assumeTrue(Files.exists(INSTALLED), "needs the CUDA toolkit's libcudart");
    CudaProbe.Opening opening = CudaProbe.open(CudaLibraryPaths.withCudart(INSTALLED.toString()));
    assumeTrue(opening instanceof CudaProbe.Skipped, "this machine has a working GPU");

    String reason = ((CudaProbe.Skipped) opening).reason();
    // Exactly what CUDA said: the call, the error's name and number, and cudaGetErrorString's text.
    assertThat(reason)
        .startsWith("cudaGetDeviceCount: cudaError")
        .containsAnyOf(
            "cudaErrorInsufficientDriver (35): CUDA driver version is insufficient",
            "cudaErrorNoDevice (100): no CUDA-capable device is detected")
        .contains("libcudart.so")
        .containsPattern("runtime 1[2-9]\\.\\d");
  }

  @Test
  void defaultSearchFindsTheInstalledLibcudart() {
    assumeTrue(Files.exists(INSTALLED), "needs the CUDA toolkit's libcudart");
    CudaLibraryPaths paths = CudaLibraryPaths.from(new java.util.Properties(), java.util.Map.of());
    CudaProbe.Opening opening = CudaProbe.open(paths);
    if (opening instanceof CudaProbe.Skipped skipped) {
      // Found and loaded: the skip comes from CUDA, not from the loader.
      assertThat(skipped.reason()).startsWith("cudaGetDeviceCount: ").doesNotContain("not loaded");
    } else {
      ((CudaProbe.Available) opening).probe().close();
    }
  }

  @Test
  void absentLibcudartPathIsNamedInTheReason() {
    CudaProbe.Opening opening =
        CudaProbe.open(CudaLibraryPaths.withCudart("/nonexistent/cuda/libcudart.so.12"));

    assertThat(opening).isInstanceOf(CudaProbe.Skipped.class);
    assertThat(((CudaProbe.Skipped) opening).reason())
        .isEqualTo("libcudart not loaded: /nonexistent/cuda/libcudart.so.12: no such file");
  }

  @Test
  void aFileThatIsNotALibraryIsReportedWithTheLoadersError(@TempDir Path dir) throws Exception {
    Path fake = dir.resolve("libcudart.so.13");
    Files.writeString(fake, "not an ELF file ".repeat(64));

    CudaProbe.Opening opening = CudaProbe.open(CudaLibraryPaths.withCudart(fake.toString()));

    assertThat(((CudaProbe.Skipped) opening).reason())
        .isEqualTo("libcudart not loaded: " + fake + ": invalid ELF header");
  }

  @Test
  void aLibraryThatIsNotCudaIsNamedAsSuch() {
    // libz is a real shared library with none of CUDA's or NVML's symbols.
    Path libz = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
    assumeTrue(Files.exists(libz), "needs zlib");

    CudaProbe.Opening cuda = CudaProbe.open(CudaLibraryPaths.withCudart(libz.toString()));
    NvmlSession.Opening nvml = NvmlSession.open(CudaLibraryPaths.with("unused", libz.toString()));

    // The path named is the file the loader mapped (libz.so.1 is a link to it).
    assertThat(((CudaProbe.Skipped) cuda).reason())
        .containsPattern("libz\\.so\\.1\\S* is not a CUDA runtime: ")
        .contains("undefined symbol: cudaRuntimeGetVersion");
    assertThat(nvml.skipReason())
        .containsPattern("libz\\.so\\.1\\S* is not NVML: ")
        .contains("undefined symbol: nvmlInit_v2");
  }

  @Test
  void absentNvmlGivesTheLoadersReason() {
    NvmlSession.Opening opening =
        NvmlSession.open(
            CudaLibraryPaths.with("/unused/libcudart.so", "/nonexistent/libnvidia-ml.so.1"));

    assertThat(opening.available()).isEmpty();
    assertThat(opening.skipReason())
        .isEqualTo("NVML not loaded: /nonexistent/libnvidia-ml.so.1: no such file");
  }

  @Test
  void nvmlBySonameReportsDlopensMessageWhenTheDriverIsAbsent() {
    NvmlSession.Opening opening =
        NvmlSession.open(CudaLibraryPaths.from(new java.util.Properties(), java.util.Map.of()));
    assumeTrue(opening.available().isEmpty(), "this machine has NVML");

    assertThat(opening.skipReason())
        .startsWith(
            "NVML not loaded: libnvidia-ml.so.1: cannot open shared object file: No such file"
                + " or directory; libnvidia-ml.so: cannot open shared object file");
  }

  @Test
  void candidatesTryNewestMajorFirstAndHonourCudaHome() {
    CudaLibraryPaths paths =
        CudaLibraryPaths.from(
            new java.util.Properties(), java.util.Map.of("CUDA_HOME", "/opt/cuda"));

    List<String> candidates = paths.cudartCandidates();

    assertThat(candidates.subList(0, 3))
        .containsExactly("libcudart.so.13", "libcudart.so.12", "/opt/cuda/lib64/libcudart.so.13");
    assertThat(candidates)
        .contains("/usr/local/cuda/lib64/libcudart.so.12")
        .endsWith("libcudart.so");
  }

  @Test
  void propertyOverridesEnvironmentAndIsTheOnlyCandidate() {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty(CudaLibraryPaths.CUDART_PROPERTY, "/a/libcudart.so.12");
    CudaLibraryPaths paths =
        CudaLibraryPaths.from(
            properties,
            java.util.Map.of(
                CudaLibraryPaths.CUDART_ENV,
                "/b/libcudart.so.13",
                CudaLibraryPaths.NVML_ENV,
                "/c/libnvidia-ml.so.1"));

    assertThat(paths.cudartCandidates()).containsExactly("/a/libcudart.so.12");
    assertThat(paths.nvmlCandidates()).containsExactly("/c/libnvidia-ml.so.1");
  }

  private static final java.io.InputStream NO_INPUT = java.io.InputStream.nullInputStream();

  @Test
  void harnessExitsWithSkipStatusAndPrintsTheReason() throws Exception {
    assumeTrue(Files.exists(INSTALLED), "needs the CUDA toolkit's libcudart");
    assumeTrue(CudaProbe.open() instanceof CudaProbe.Skipped, "this machine has a working GPU");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    int status =
        CudaIpcHarness.run(
            new String[] {"pair"},
            NO_INPUT,
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));

    assertThat(status).isEqualTo(3);
    assertThat(out.toString()).startsWith("skip cudaGetDeviceCount: cudaError");
  }

  @Test
  void harnessChecksItsArgumentsAndTheInviteBeforeTouchingCuda() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream errors = new java.io.PrintStream(err, true);
    java.io.InputStream notAToken =
        new java.io.ByteArrayInputStream("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(CudaIpcHarness.run(new String[] {"export"}, notAToken, System.out, errors))
        .isEqualTo(2);
    assertThat(CudaIpcHarness.run(new String[] {"export"}, NO_INPUT, System.out, errors))
        .isEqualTo(2);
    assertThat(CudaIpcHarness.run(new String[] {"pair", "--bytes", "4MiB"}, NO_INPUT, System.out, errors))
        .isEqualTo(2);
    assertThat(CudaIpcHarness.run(new String[] {"import"}, NO_INPUT, System.out, errors))
        .isEqualTo(2);

    assertThat(err.toString().lines())
        .containsExactly(
            "stdin: not an invite token (want the base64url text `probe-agent serve` printed)",
            "stdin: no invite token (the parent process writes one line)",
            "arguments: --bytes wants a whole number >= 1, got '4MiB'",
            "arguments: wanted a mode, export | pair, got 'import'");
  }

  @Test
  void harnessRejectsAMissingModeWithOneLine() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    int status =
        CudaIpcHarness.run(
            new String[] {"--bytes"}, NO_INPUT, System.out, new java.io.PrintStream(err, true));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("arguments: --bytes wants a value");
  }
}
