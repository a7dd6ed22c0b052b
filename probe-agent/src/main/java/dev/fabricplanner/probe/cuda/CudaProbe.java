package dev.fabricplanner.probe.cuda;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CUDA/NVML side of the probe: opens libcudart and NVML at run time, lists the GPUs and how
 * they connect, and measures copies (per GPU, between peers, and through CUDA IPC from another
 * process). Use from one thread: CUDA's current device is per thread.
 *
 * <pre>{@code
 * CudaProbe.Opening opening = CudaProbe.open();
 * if (opening instanceof CudaProbe.Skipped skipped) {
 *   // record the nvlink profile as skipped, with skipped.reason()
 * } else if (opening instanceof CudaProbe.Available available) {
 *   try (CudaProbe probe = available.probe()) {
 *     GpuInventory inventory = probe.inventory();
 *     List<CopyTestResult> results = probe.runTests(CopySweep.standard());
 *   }
 * }
 * }</pre>
 */
public final class CudaProbe implements AutoCloseable {
  /** What {@link #open} found. */
  public sealed interface Opening permits Available, Skipped {}

  /** CUDA works and at least one GPU is visible. */
  public record Available(CudaProbe probe) implements Opening {}

  /** Why the CUDA probe cannot run here, in the words CUDA (or the loader) gave. */
  public record Skipped(String reason) implements Opening {}

  private final CudaRuntime cuda;
  private final NvmlSession nvml;
  private final String nvmlStatus;
  private final CudaLibraryPaths paths;
  private GpuInventory inventory;

  private CudaProbe(CudaRuntime cuda, NvmlSession nvml, String nvmlStatus, CudaLibraryPaths paths) {
    this.cuda = cuda;
    this.nvml = nvml;
    this.nvmlStatus = nvmlStatus;
    this.paths = paths;
  }

  /**
   * Opens with the libraries found from system properties, the environment and the usual places.
   */
  public static Opening open() {
    return open(CudaLibraryPaths.fromEnvironment());
  }

  /**
   * Loads libcudart and asks it for devices; NVML is optional (without it NVLink counts, path
   * classes and P2P status are reported as unknown, with NVML's reason in {@link
   * GpuInventory#nvmlStatus()}).
   */
  public static Opening open(CudaLibraryPaths paths) {
    NativeLibraryLocator.Located<CudartLibrary> located =
        NativeLibraryLocator.locate(CudartLibrary.class, paths.cudartCandidates());
    if (!located.found()) {
      return new Skipped("libcudart not loaded: " + located.failure());
    }
    CudaRuntime cuda = new CudaRuntime(located.library(), located.path());
    String where;
    int count;
    try {
      where =
          " ["
              + located.path()
              + ", runtime "
              + GpuInventory.version(cuda.runtimeVersion())
              + ", driver "
              + GpuInventory.version(cuda.driverVersion())
              + "]";
    } catch (CudaException e) {
      return new Skipped(e.getMessage() + " [" + located.path() + "]");
    } catch (UnsatisfiedLinkError e) {
      return new Skipped(located.path() + " is not a CUDA runtime: " + e.getMessage());
    }
    try {
      count = cuda.deviceCount();
    } catch (CudaException e) {
      return new Skipped(e.getMessage() + where);
    }
    if (count == 0) {
      return new Skipped("cudaGetDeviceCount: 0 devices" + where);
    }
    NvmlSession.Opening nvml = NvmlSession.open(paths);
    String status = nvml.available().isPresent() ? GpuInventory.NVML_OK : nvml.skipReason();
    return new Available(new CudaProbe(cuda, nvml.session(), status, paths));
  }

  /** GPU memory on {@code device} for the libfabric GPU-memory test (FI_HMEM). */
  public CudaDeviceMemory deviceMemory(int device) {
    return new CudaDeviceMemory(cuda, device);
  }

  /** "ok", or why NVML's facts are missing. */
  public String nvmlStatus() {
    return nvmlStatus;
  }

  /** GPUs, peer matrix, NVLink counts and path classes (read once, then cached). */
  public GpuInventory inventory() {
    if (inventory == null) {
      inventory = InventoryReader.read(cuda, nvml, nvmlStatus);
    }
    return inventory;
  }

  /**
   * Device-to-device, host-to-device and device-to-host copies on every GPU, then cudaMemcpyPeer
   * both ways between every peer-accessible pair. A pair without peer access, or a host with one
   * GPU, gives a skipped result with the reason; a CUDA error or a wrong payload gives a failed
   * one.
   */
  public List<CopyTestResult> runTests(CopySweep sweep) {
    GpuInventory gpus = inventory();
    CopyBench bench = new CopyBench(cuda);
    long bytes = sweep.largest();
    List<CopyTestResult> results = new ArrayList<>();
    for (GpuInfo gpu : gpus.gpus()) {
      int g = gpu.index();
      results.add(
          run(
              bench,
              sweep,
              CopyKind.DEVICE_TO_DEVICE,
              g,
              g,
              () -> BufferCopyPath.deviceToDevice(cuda, g, bytes)));
      results.add(
          run(
              bench,
              sweep,
              CopyKind.HOST_TO_DEVICE,
              -1,
              g,
              () -> BufferCopyPath.hostToDevice(cuda, g, bytes)));
      results.add(
          run(
              bench,
              sweep,
              CopyKind.DEVICE_TO_HOST,
              g,
              -1,
              () -> BufferCopyPath.deviceToHost(cuda, g, bytes)));
    }
    if (gpus.gpus().size() < 2) {
      results.add(CopyTestResult.skipped(CopyKind.PEER, -1, -1, singleGpuReason(gpus)));
      return results;
    }
    for (GpuPair pair : gpus.pairs()) {
      for (int[] way : new int[][] {{pair.gpuA(), pair.gpuB()}, {pair.gpuB(), pair.gpuA()}}) {
        int src = way[0];
        int dst = way[1];
        if (!pair.peerAccessible()) {
          results.add(CopyTestResult.skipped(CopyKind.PEER, src, dst, noPeerReason(pair)));
          continue;
        }
        results.add(
            run(
                bench,
                sweep,
                CopyKind.PEER,
                src,
                dst,
                () -> {
                  enablePeerAccess(src, dst);
                  return BufferCopyPath.peer(cuda, src, dst, bytes);
                }));
      }
    }
    return results;
  }

  /**
   * Exports a {@code bytes}-long buffer on {@code gpu}, filled with the probe's payload, for
   * another process; send {@link IpcExport#offer()} to it and close the export when it is done.
   */
  public IpcExport export(int gpu, long bytes) {
    int count = inventory().gpus().size();
    if (gpu < 0 || gpu >= count) {
      throw new IllegalArgumentException("no GPU " + gpu + ": this host shows " + count);
    }
    return IpcExport.create(cuda, gpu, inventory().gpus().get(gpu).uuid(), bytes, gpu + 1L);
  }

  /**
   * Maps another process's exported buffer, copies from it into a buffer on {@code gpu} over the
   * sweep's sizes (capped at the exported size, which the sweep's largest size must equal) and
   * checks the copy against the exporter's checksum.
   */
  public CopyTestResult importAndCopy(IpcOffer offer, int gpu, CopySweep sweep) {
    int exporterGpu = gpuByUuid(offer.gpuUuid()).orElse(-1);
    if (offer.bytes() != sweep.largest()) {
      return CopyTestResult.failed(
          CopyKind.IPC,
          exporterGpu,
          gpu,
          "exported " + offer.bytes() + " bytes, the sweep's largest size is " + sweep.largest());
    }
    Pointer mapped;
    try {
      cuda.setDevice(gpu);
      mapped = cuda.ipcOpenMemHandle(offer.handle());
    } catch (CudaException e) {
      return CopyTestResult.failed(CopyKind.IPC, exporterGpu, gpu, e.getMessage());
    }
    try (CopyPath path = BufferCopyPath.fromMapped(cuda, mapped, exporterGpu, gpu, offer.bytes())) {
      List<CopySample> samples =
          new CopyBench(cuda).runOnForeignSource(path, sweep, offer.checksum());
      return CopyTestResult.ok(CopyKind.IPC, exporterGpu, gpu, sweep.warmups(), samples);
    } catch (CudaException | CopyBench.PayloadMismatch e) {
      return CopyTestResult.failed(CopyKind.IPC, exporterGpu, gpu, e.getMessage());
    } finally {
      cuda.setDevice(gpu);
      cuda.ipcCloseMemHandle(mapped);
    }
  }

  /**
   * Exports one {@code bytes}-long buffer per GPU (see {@link #export}); if one fails, those already
   * exported are freed and the error is thrown.
   */
  public List<IpcExport> exportAll(long bytes) {
    List<IpcExport> exports = new ArrayList<>();
    try {
      for (GpuInfo gpu : inventory().gpus()) {
        exports.add(export(gpu.index(), bytes));
      }
      return exports;
    } catch (RuntimeException e) {
      exports.forEach(IpcExport::close);
      throw e;
    }
  }

  /**
   * Imports each offer into the exporter's own GPU and every GPU with peer access to it; a GPU that
   * cannot reach the exporter's gives a skipped result with the reason.
   */
  public List<CopyTestResult> importAll(List<IpcOffer> offers, CopySweep sweep) {
    List<CopyTestResult> results = new ArrayList<>();
    GpuInventory gpus = inventory();
    for (IpcOffer offer : offers) {
      int exporter = gpuByUuid(offer.gpuUuid()).orElse(-1);
      for (GpuInfo importer : gpus.gpus()) {
        boolean reachable =
            exporter == importer.index()
                || gpus.pair(exporter, importer.index()).map(GpuPair::peerAccessible).orElse(false);
        if (!reachable) {
          results.add(
              CopyTestResult.skipped(
                  CopyKind.IPC,
                  exporter,
                  importer.index(),
                  gpus.pair(exporter, importer.index())
                      .map(CudaProbe::noPeerReason)
                      .orElse("exporter GPU " + offer.gpuUuid() + " not visible here")));
          continue;
        }
        results.add(importAndCopy(offer, importer.index(), sweep));
      }
    }
    return results;
  }

  /**
   * The two-process CUDA IPC test on this host alone: a child JVM joins this one over a loopback
   * QUIC control connection and exports one buffer per GPU; this process imports each (see {@link
   * IpcExchange#borrow}).
   */
  public List<CopyTestResult> runIpcTests(CopySweep sweep) {
    try (ChildIpcExporter child = ChildIpcExporter.start(cuda.path(), paths, sweep.largest())) {
      return IpcExchange.borrow(child.control(), this, sweep, ChildIpcExporter.WAIT);
    } catch (ChildIpcExporter.ExporterFailed e) {
      return List.of(CopyTestResult.failed(CopyKind.IPC, -1, -1, e.getMessage()));
    }
  }

  private Optional<Integer> gpuByUuid(String uuid) {
    return inventory().gpus().stream()
        .filter(g -> g.uuid().equals(uuid))
        .map(GpuInfo::index)
        .findFirst();
  }

  private void enablePeerAccess(int a, int b) {
    cuda.setDevice(a);
    cuda.enablePeerAccess(b);
    cuda.setDevice(b);
    cuda.enablePeerAccess(a);
  }

  private interface PathFactory {
    CopyPath open();
  }

  private static CopyTestResult run(
      CopyBench bench, CopySweep sweep, CopyKind kind, int src, int dst, PathFactory factory) {
    try (CopyPath path = factory.open()) {
      return CopyTestResult.ok(kind, src, dst, sweep.warmups(), bench.run(path, sweep));
    } catch (CudaException | CopyBench.PayloadMismatch e) {
      return CopyTestResult.failed(kind, src, dst, e.getMessage());
    }
  }

  static String singleGpuReason(GpuInventory gpus) {
    return "one GPU visible ("
        + gpus.gpus().get(0).name()
        + " "
        + gpus.gpus().get(0).uuid()
        + "): peer and cross-GPU tests need two";
  }

  static String noPeerReason(GpuPair pair) {
    return "cudaDeviceCanAccessPeer("
        + pair.gpuA()
        + ", "
        + pair.gpuB()
        + ") = "
        + (pair.peerAccessAtoB() ? 1 : 0)
        + ", ("
        + pair.gpuB()
        + ", "
        + pair.gpuA()
        + ") = "
        + (pair.peerAccessBtoA() ? 1 : 0)
        + "; path "
        + pair.pathLabel()
        + ", NVML P2P read "
        + pair.p2pRead();
  }

  @Override
  public void close() {
    if (nvml != null) {
      nvml.close();
    }
  }
}
