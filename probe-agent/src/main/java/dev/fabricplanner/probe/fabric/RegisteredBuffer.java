package dev.fabricplanner.probe.fabric;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A page-aligned native buffer, registered with the domain when the provider's mr_mode asks for it:
 * FI_MR_LOCAL (local buffers need a descriptor), FI_MR_ALLOCATED (we always allocate first),
 * FI_MR_PROV_KEY (the key is read back from the region), FI_MR_VIRT_ADDR (remote writes address the
 * virtual address, else an offset from 0) and FI_MR_ENDPOINT (the region is bound to the endpoint
 * and enabled). RMA targets are always registered.
 */
public final class RegisteredBuffer {
  private static final int PAGE = 4096;

  private final Memory allocation; // null for device memory, which CUDA owns
  private final Memory memory; // null for device memory
  private final ByteBuffer bytes; // null for device memory
  private final long address;
  private final long size;
  private final Pointer region;
  private final Pointer descriptor;
  private final long key;
  private final boolean virtualAddressing;
  private final Libfabric library;
  private boolean released;

  private RegisteredBuffer(Libfabric library, Memory allocation, Memory memory, long size,
      Pointer region, boolean virtualAddressing) {
    this(library, allocation, memory, Pointer.nativeValue(memory), size, region, virtualAddressing);
  }

  private RegisteredBuffer(Libfabric library, Memory allocation, Memory memory, long address, long size,
      Pointer region, boolean virtualAddressing) {
    this.library = library;
    this.allocation = allocation;
    this.memory = memory;
    // One view for the buffer's life: JNA's getByteBuffer records every view it makes in a
    // synchronized weak map, too costly between timed round trips.
    this.bytes = memory == null ? null : memory.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    this.address = address;
    this.size = size;
    this.region = region;
    this.descriptor = region == null ? null : region.getPointer(FiAbi.MR_DESC);
    this.key = region == null ? 0 : region.getLong(FiAbi.MR_KEY);
    this.virtualAddressing = virtualAddressing;
  }

  static RegisteredBuffer allocate(FabricEndpoint endpoint, long bytes, boolean remoteWritable)
      throws FabricException {
    Memory allocation = new Memory(bytes + PAGE);
    Memory memory = (Memory) allocation.align(PAGE);
    memory.clear(bytes);
    int mrMode = endpoint.provider().mrMode();
    boolean basic = (mrMode & (FiAbi.FI_MR_BASIC | FiAbi.FI_MR_SCALABLE)) != 0;
    boolean needed = remoteWritable || basic || (mrMode & FiAbi.FI_MR_LOCAL) != 0;
    boolean virtualAddressing = basic || (mrMode & FiAbi.FI_MR_VIRT_ADDR) != 0;
    Libfabric library = endpoint.library();
    if (!needed) {
      return new RegisteredBuffer(library, allocation, memory, bytes, null, virtualAddressing);
    }
    long access = FiAbi.FI_SEND | FiAbi.FI_RECV
        | (remoteWritable ? FiAbi.FI_WRITE | FiAbi.FI_REMOTE_WRITE : 0);
    PointerByReference out = new PointerByReference();
    Pointer domain = endpoint.domain();
    int rc = NativeOps.op(domain, FiAbi.DOMAIN_MR_OPS, FiAbi.MR_OPS_REG, "fi_mr_reg")
        .invokeInt(new Object[] {domain, memory, bytes, access, 0L,
            endpoint.nextRequestedKey(), 0L, out, null});
    if (rc != 0) {
      throw FabricException.call(library, "fi_mr_reg(" + bytes + " bytes)", rc);
    }
    Pointer region = bindIfAsked(endpoint, out.getValue(), "fi_mr_bind/fi_mr_enable");
    return new RegisteredBuffer(library, allocation, memory, bytes, region, virtualAddressing);
  }

  /**
   * Registers device memory (a cudaMalloc'd buffer on {@code cudaDevice}) with fi_mr_regattr and
   * iface FI_HMEM_CUDA, so the provider moves it without a host copy where it can (GPUDirect RDMA) or
   * copies through its own bounce buffers where it cannot. Always registered: a provider must know a
   * buffer is device memory even where its mr_mode needs no local descriptors.
   */
  static RegisteredBuffer registerDevice(FabricEndpoint endpoint, long devicePointer, long bytes, int cudaDevice)
      throws FabricException {
    Libfabric library = endpoint.library();
    int mrMode = endpoint.provider().mrMode();
    boolean virtualAddressing =
        (mrMode & (FiAbi.FI_MR_BASIC | FiAbi.FI_MR_SCALABLE)) != 0 || (mrMode & FiAbi.FI_MR_VIRT_ADDR) != 0;
    Memory iov = new Memory(16);
    iov.setLong(0, devicePointer);
    iov.setLong(8, bytes);
    Memory attr = new Memory(FiAbi.MR_ATTR_BYTES);
    attr.clear();
    attr.setPointer(FiAbi.MR_ATTR_IOV, iov);
    attr.setLong(FiAbi.MR_ATTR_IOV_COUNT, 1);
    attr.setLong(FiAbi.MR_ATTR_ACCESS, FiAbi.FI_SEND | FiAbi.FI_RECV);
    attr.setLong(FiAbi.MR_ATTR_REQUESTED_KEY, endpoint.nextRequestedKey());
    attr.setInt(FiAbi.MR_ATTR_IFACE, FiAbi.FI_HMEM_CUDA);
    attr.setInt(FiAbi.MR_ATTR_DEVICE, cudaDevice);
    PointerByReference out = new PointerByReference();
    Pointer domain = endpoint.domain();
    int rc = NativeOps.op(domain, FiAbi.DOMAIN_MR_OPS, FiAbi.MR_OPS_REGATTR, "fi_mr_regattr")
        .invokeInt(new Object[] {domain, attr, 0L, out});
    if (rc != 0) {
      throw FabricException.call(library, "fi_mr_regattr(FI_HMEM_CUDA, device " + cudaDevice + ", " + bytes + " bytes)", rc);
    }
    Pointer region = bindIfAsked(endpoint, out.getValue(), "fi_mr_bind/fi_mr_enable (device memory)");
    return new RegisteredBuffer(library, null, null, devicePointer, bytes, region, virtualAddressing);
  }

  /** Under FI_MR_ENDPOINT a region is bound to the endpoint and enabled before use; closed if that fails. */
  private static Pointer bindIfAsked(FabricEndpoint endpoint, Pointer region, String call) throws FabricException {
    if ((endpoint.provider().mrMode() & FiAbi.FI_MR_ENDPOINT) != 0) {
      int bound = NativeOps.bind(region, endpoint.endpointFid(), 0);
      int enabled = bound == 0 ? NativeOps.enable(region) : bound;
      if (enabled != 0) {
        NativeOps.close(region);
        throw FabricException.call(endpoint.library(), call, enabled);
      }
    }
    return region;
  }

  /** Whether this is device memory (its bytes are not readable from the host). */
  public boolean onDevice() {
    return memory == null;
  }

  /** The buffer's bytes. */
  public Memory memory() {
    return memory;
  }

  /** A view of the buffer's bytes for checksums; callers set its position and limit. */
  ByteBuffer bytes() {
    return bytes;
  }

  public long size() {
    return size;
  }

  /** Whether the buffer has a memory region (registration was needed). */
  public boolean registered() {
    return region != null;
  }

  /** The key a peer uses to write here (fi_mr_key). */
  public long remoteKey() {
    return key;
  }

  /** The address a peer writes to for {@code offset}: virtual under FI_MR_VIRT_ADDR, else offset. */
  public long remoteAddress(long offset) {
    return virtualAddressing ? address + offset : offset;
  }

  long address() {
    return address;
  }

  long descriptorAddress() {
    return descriptor == null ? 0 : Pointer.nativeValue(descriptor);
  }

  void release(List<String> failures) {
    if (released) {
      return;
    }
    released = true;
    if (region != null) {
      int rc = NativeOps.close(region);
      if (rc != 0) {
        failures.add("fi_close(mr): " + library.describeError(rc));
      }
    }
    if (allocation != null) {
      allocation.close(); // device memory is freed by whoever cudaMalloc'd it
    }
  }
}
