package dev.fabricplanner.probe.fabric;

import com.sun.jna.Memory;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.SizeSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ping-pong between GPU buffers over one libfabric provider, both endpoints in this process (as {@link
 * LoopbackRun} does for host memory). The endpoints ask for FI_HMEM first: where the provider grants it
 * and accepts the cudaMalloc'd buffers (fi_mr_regattr, FI_HMEM_CUDA), the provider moves device memory
 * itself (GPUDirect RDMA on an RDMA NIC, its own copies on tcp or shm). Where it does not, the test
 * retries without FI_HMEM, as NIXL does, and stages every message through registered host buffers,
 * with the device-to-host and host-to-device copies inside the timed round trip, which is what such a
 * transfer really costs. The record's {@code gpu_path} says which it was.
 *
 * <p>Both directions are checked once timing ends: each side copies the last message it received back
 * to the host and compares it with the pattern the other side sent.
 */
public final class GpuMemoryPingPong {
  /** The providers whose bytes go through the kernel's IP stack. */
  private static final Set<String> IP_STACK = Set.of("tcp", "sockets", "udp");
  private static final int WARMUP = 10;
  private static final long BYTES_PER_SIZE = 64L << 20;

  /**
   * What the GPU-memory test measured.
   *
   * @param sweep one sample per size
   * @param payloadVerified every size's last ping and pong matched what was sent
   * @param hmem whether the provider moved device memory itself (FI_HMEM) rather than staged copies
   * @param gpuPath how the bytes travelled
   * @param note why FI_HMEM was not used, or null
   */
  public record Result(List<SizeSample> sweep, boolean payloadVerified, boolean hmem, GpuPath gpuPath, String note) {}

  private final Libfabric library;
  private final List<Integer> sizes;
  private final int maxIterations;
  private final Duration timeout;

  public GpuMemoryPingPong(Libfabric library, List<Integer> sizes, int maxIterations, Duration timeout) {
    this.library = library;
    this.sizes = List.copyOf(sizes);
    this.maxIterations = maxIterations;
    this.timeout = timeout;
  }

  /** Measures {@code query} between GPU buffers on {@code gpu}. */
  public Result run(ProviderQuery query, DeviceMemory gpu) throws FabricException, InterruptedException {
    String note = null;
    try (FabricEndpoint a = FabricEndpoint.open(library, query, false, true);
        FabricEndpoint b = FabricEndpoint.open(library, query, false, true)) {
      boolean hmem = a.hmemEnabled() && b.hmemEnabled();
      if (!hmem) {
        note = a.provider().provider() + " did not grant FI_HMEM: messages staged through host buffers";
      }
      try {
        return measure(query, a, b, gpu, hmem, note);
      } catch (FabricException e) {
        if (!hmem) {
          throw e;
        }
        note = "FI_HMEM granted but device memory refused (" + e.getMessage() + "): staged through host buffers";
      }
    }
    // Retried on fresh endpoints without FI_HMEM.
    try (FabricEndpoint a = FabricEndpoint.open(library, query, false, false);
        FabricEndpoint b = FabricEndpoint.open(library, query, false, false)) {
      return measure(query, a, b, gpu, false, note);
    }
  }

  static GpuPath pathOf(String provider, boolean hmem) {
    String core = provider.split(";")[0];
    if (IP_STACK.contains(core)) {
      return GpuPath.TCP;
    }
    return hmem ? GpuPath.GPUDIRECT_RDMA : GpuPath.HOST_STAGED_RDMA;
  }

  private Result measure(ProviderQuery query, FabricEndpoint a, FabricEndpoint b, DeviceMemory gpu, boolean hmem,
      String note) throws FabricException, InterruptedException {
    long bPeer = a.insertPeer(b.localName());
    long aPeer = b.insertPeer(a.localName());
    List<SizeSample> sweep = new ArrayList<>();
    boolean verified = true;
    for (int size : sizes) {
      int iterations = (int) Math.max(20, Math.min(maxIterations, BYTES_PER_SIZE / (2L * size)));
      Side initiator = new Side(a, bPeer, gpu, hmem, size, size);
      Side responder;
      try {
        responder = new Side(b, aPeer, gpu, hmem, size, ~size);
      } catch (FabricException | RuntimeException e) {
        initiator.free();
        throw e;
      }
      try {
        long[] roundTrips = pingPong(initiator, responder, WARMUP + iterations);
        verified &= initiator.received(~size) && responder.received(size);
        long[] timed = Arrays.copyOfRange(roundTrips, WARMUP, roundTrips.length);
        Arrays.sort(timed);
        double p50 = timed[timed.length / 2] / 2e3;
        double p99 = timed[Math.min(timed.length - 1, (int) Math.ceil(timed.length * 0.99) - 1)] / 2e3;
        double mean = Arrays.stream(timed).average().orElse(0) / 2e3;
        double spread = Math.sqrt(Arrays.stream(timed).mapToDouble(t -> Math.pow(t / 2e3 - mean, 2)).average().orElse(0));
        sweep.add(new SizeSample(size, p50, p99, size / (p50 / 1e6), mean == 0 ? 0 : 100 * spread / mean, iterations));
      } finally {
        initiator.free();
        responder.free();
      }
    }
    return new Result(sweep, verified, hmem, pathOf(query.provider(), hmem), note);
  }

  /** Round-trip nanoseconds, the responder answering on its own thread. */
  private long[] pingPong(Side initiator, Side responder, int total) throws FabricException, InterruptedException {
    CyclicBarrier ready = new CyclicBarrier(2);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread answering = new Thread(() -> {
      try {
        Deadline deadline = Deadline.after(timeout);
        responder.postReceive(deadline);
        ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < total; i++) {
          deadline.restart();
          responder.awaitReceive(i, deadline);
          if (i + 1 < total) {
            responder.postReceive(deadline);
          }
          responder.send(i, deadline);
        }
      } catch (Exception e) {
        failure.set(e);
      }
    }, "gpu-memory-responder");
    answering.setDaemon(true);
    answering.start();
    long[] roundTrips = new long[total];
    try {
      Deadline deadline = Deadline.after(timeout);
      initiator.postReceive(deadline);
      ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (int i = 0; i < total; i++) {
        deadline.restart();
        long start = System.nanoTime();
        initiator.send(i, deadline);
        initiator.awaitReceive(i, deadline);
        roundTrips[i] = System.nanoTime() - start;
        if (i + 1 < total) {
          initiator.postReceive(deadline);
        }
      }
    } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
      throw new FabricException("the GPU-memory responder did not start: " + e.getMessage());
    } finally {
      answering.join(timeout.toMillis());
    }
    if (failure.get() != null) {
      throw new FabricException("GPU-memory responder: " + failure.get().getMessage());
    }
    return roundTrips;
  }

  /**
   * One end: a device buffer to send from (filled with its pattern) and one to receive into, and with
   * staging, registered host buffers the messages pass through.
   */
  private static final class Side {
    private final FabricEndpoint endpoint;
    private final long peer;
    private final DeviceMemory gpu;
    private final int size;
    private final long deviceSend;
    private final long deviceReceive;
    private final RegisteredBuffer send; // the device buffer itself with FI_HMEM, else a host stage
    private final RegisteredBuffer receive;
    private final boolean staged;
    private final long txBase; // completions are counted since the endpoint opened, across sizes
    private final long rxBase;

    Side(FabricEndpoint endpoint, long peer, DeviceMemory gpu, boolean hmem, int size, int seed)
        throws FabricException {
      this.endpoint = endpoint;
      this.peer = peer;
      this.gpu = gpu;
      this.size = size;
      this.staged = !hmem;
      this.txBase = endpoint.tx().completed();
      this.rxBase = endpoint.rx().completed();
      this.deviceSend = gpu.allocate(size);
      this.deviceReceive = gpu.allocate(size);
      RegisteredBuffer sending = null;
      try {
        Memory pattern = new Memory(size);
        pattern.write(0, PayloadPattern.pattern(size, seed), 0, size);
        gpu.copyToDevice(deviceSend, pattern, size);
        if (hmem) {
          sending = endpoint.registerDeviceBuffer(deviceSend, size, gpu.device());
          receive = endpoint.registerDeviceBuffer(deviceReceive, size, gpu.device());
        } else {
          sending = endpoint.registerBuffer(size, false);
          receive = endpoint.registerBuffer(size, false);
        }
      } catch (FabricException | RuntimeException e) {
        if (sending != null) {
          endpoint.release(sending);
        }
        gpu.free(deviceSend);
        gpu.free(deviceReceive);
        throw e;
      }
      send = sending;
    }

    void send(int i, Deadline deadline) throws FabricException {
      if (staged) {
        gpu.copyToHost(send.memory(), deviceSend, size);
      }
      endpoint.postSend(send, 0, size, peer, 0, deadline);
      endpoint.awaitCompletions(endpoint.tx(), txBase + i + 1, deadline, "GPU-memory send " + size + " B");
      endpoint.tx().discardPending();
    }

    void postReceive(Deadline deadline) throws FabricException {
      endpoint.postRecv(receive, 0, size, 0, deadline);
    }

    void awaitReceive(int i, Deadline deadline) throws FabricException {
      endpoint.awaitCompletions(endpoint.rx(), rxBase + i + 1, deadline, "GPU-memory receive " + size + " B");
      endpoint.rx().consume();
      if (staged) {
        gpu.copyToDevice(deviceReceive, receive.memory(), size);
      }
    }

    /** Whether the device receive buffer holds the other side's pattern. */
    boolean received(int seed) {
      Memory back = new Memory(size);
      gpu.copyToHost(back, deviceReceive, size);
      return Arrays.equals(back.getByteArray(0, size), PayloadPattern.pattern(size, seed));
    }

    void free() {
      endpoint.release(send);
      endpoint.release(receive);
      gpu.free(deviceSend);
      gpu.free(deviceReceive);
    }
  }
}
