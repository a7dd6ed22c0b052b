package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * An opened libfabric endpoint with everything it needs: fabric, domain, a transmit and a receive
 * completion queue, the endpoint itself, the buffers registered on it, and an address vector
 * (connectionless endpoints) or an event queue (connected ones). {@link #close()} releases them in
 * reverse order of opening.
 *
 * <p>One thread drives an endpoint (we ask for FI_THREAD_DOMAIN, which spares providers their
 * locks). RDM and DGRAM endpoints are {@link #open}ed: exchange {@link #localName()} with the peer
 * over the control plane, then {@link #insertPeer(byte[])} the peer's name. MSG endpoints are
 * connected instead: the responder listens on a {@link PassiveEndpoint} and accepts, the
 * initiator {@link #connect}s to the listener's name; both then address {@link #connectedPeer()}.
 */
public final class FabricEndpoint implements AutoCloseable {
  /** Operation contexts per queue: the most operations in flight at once. */
  static final int MAX_SLOTS = 1024;
  /** fi_addr_t for "the connected peer": MSG endpoints have no address vector. */
  private static final long FI_ADDR_UNSPEC = -1L;

  private final Libfabric library;
  private final FabricProvider provider;
  private final boolean rmaEnabled;
  private final boolean hmemEnabled;
  private final Deque<Pointer> openedFids = new ArrayDeque<>();
  private final List<RegisteredBuffer> buffers = new ArrayList<>();
  private Pointer info;
  private Pointer domain;
  private Pointer endpoint;
  private Pointer av;
  private CompletionQueue tx;
  private CompletionQueue rx;
  private final Memory txContexts = new Memory((long) MAX_SLOTS * FiAbi.CONTEXT_BYTES);
  private final Memory rxContexts = new Memory((long) MAX_SLOTS * FiAbi.CONTEXT_BYTES);
  private final long txContextBase = Pointer.nativeValue(txContexts);
  private final long rxContextBase = Pointer.nativeValue(rxContexts);
  private long endpointAddress;
  private FastCall send;
  private FastCall sendMessage;
  // One fi_msg, its iovec and its descriptor slot, reused by every fi_sendmsg (one thread).
  private final ByteBuffer message = ByteBuffer
      .allocateDirect(FiAbi.FI_MSG_BYTES + FiAbi.IOVEC_BYTES + Long.BYTES)
      .order(ByteOrder.nativeOrder());
  private final long messageAddress = Pointer.nativeValue(Native.getDirectBufferPointer(message));
  private FastCall recv;
  private FastCall inject;
  private FastCall write;
  private long nextKey = 1;
  private boolean connected;
  private boolean closed;

  private FabricEndpoint(Libfabric library, Pointer info, boolean rmaEnabled, boolean hmemEnabled) {
    this.library = library;
    this.info = info;
    this.provider = InfoRequest.describe(info, hmemEnabled);
    this.rmaEnabled = rmaEnabled;
    this.hmemEnabled = hmemEnabled;
    txContexts.clear();
    rxContexts.clear();
  }

  /** What opens an endpoint's objects; the endpoint is closed when it fails. */
  private interface Opening {
    void run(FabricEndpoint endpoint) throws FabricException;
  }

  private static FabricEndpoint build(Libfabric library, Pointer info, boolean rma,
      Opening opening) throws FabricException {
    return build(library, info, rma, false, opening);
  }

  private static FabricEndpoint build(Libfabric library, Pointer info, boolean rma, boolean hmem,
      Opening opening) throws FabricException {
    FabricEndpoint endpoint = new FabricEndpoint(library, info, rma, hmem);
    try {
      opening.run(endpoint);
    } catch (FabricException | RuntimeException e) {
      endpoint.close();
      throw e;
    } finally {
      library.keepJvmSignalHandlers();
    }
    return endpoint;
  }

  /**
   * Opens a connectionless (RDM or DGRAM) endpoint on the first provider matching the query. With
   * {@code wantRma} the endpoint asks for FI_RMA too and falls back to messages only where the
   * provider refuses.
   */
  public static FabricEndpoint open(Libfabric library, ProviderQuery query, boolean wantRma)
      throws FabricException {
    if (query.endpointType() == EndpointType.MSG) {
      throw new FabricException("msg endpoints are connected, not opened: listen on a "
          + "PassiveEndpoint and accept there, or connect to its name");
    }
    EndpointInfo chosen = EndpointInfo.choose(library, query, wantRma);
    return build(library, chosen.info(), chosen.rma(), FabricEndpoint::openConnectionless);
  }

  /**
   * As {@link #open(Libfabric, ProviderQuery, boolean)}, asking for FI_HMEM first when {@code wantHmem}
   * and opening without it where the provider refuses; {@link #hmemEnabled()} says which it got.
   */
  public static FabricEndpoint open(Libfabric library, ProviderQuery query, boolean wantRma, boolean wantHmem)
      throws FabricException {
    if (query.endpointType() == EndpointType.MSG) {
      throw new FabricException("msg endpoints are connected, not opened");
    }
    EndpointInfo chosen = EndpointInfo.choose(library, query, wantRma, wantHmem);
    return build(library, chosen.info(), chosen.rma(), chosen.hmem(), FabricEndpoint::openConnectionless);
  }

  /**
   * Opens an MSG endpoint and connects it to a listening {@link PassiveEndpoint}: fabric, event
   * queue, domain, queues, endpoint, fi_connect, then waits for FI_CONNECTED.
   *
   * @param listenerName the listener's {@link PassiveEndpoint#name()}, from the control plane
   * @param timeout how long to wait for the listener to accept
   * @throws FabricException when nothing listens there, the listener rejects or does not answer
   *     within the timeout, or a call fails
   */
  public static FabricEndpoint connect(Libfabric library, ProviderQuery query,
      byte[] listenerName, boolean wantRma, Duration timeout) throws FabricException {
    if (query.endpointType() != EndpointType.MSG) {
      throw new IllegalArgumentException("only msg endpoints connect, not " + query);
    }
    EndpointInfo chosen = EndpointInfo.choose(library, query, wantRma);
    Deadline deadline = Deadline.after(timeout);
    return build(library, chosen.info(), chosen.rma(),
        endpoint -> endpoint.openConnecting(listenerName, deadline));
  }

  /**
   * The accepting end of a connection request that {@link PassiveEndpoint} read: a domain and
   * endpoint opened from the request's info (which this endpoint now owns), on the listener's
   * fabric and event queue, then fi_accept and FI_CONNECTED.
   */
  static FabricEndpoint accept(Libfabric library, Pointer fabric, EventQueue events,
      Pointer requestInfo, Deadline deadline) throws FabricException {
    boolean rma = (requestInfo.getLong(FiAbi.INFO_CAPS) & FiAbi.FI_RMA) != 0;
    return build(library, requestInfo, rma,
        endpoint -> endpoint.openAccepting(fabric, events, deadline));
  }

  private void openConnectionless() throws FabricException {
    Pointer fabric = openFabric();
    openDomainAndQueues(fabric);
    PointerByReference out = new PointerByReference();
    Memory avAttr = new Memory(FiAbi.AV_ATTR_BYTES);
    avAttr.clear();
    avAttr.setLong(FiAbi.AV_ATTR_COUNT, 16);
    check("fi_av_open", NativeOps.op(domain, FiAbi.DOMAIN_OPS, FiAbi.DOMAIN_OPS_AV_OPEN,
        "fi_av_open").invokeInt(new Object[] {domain, avAttr, out, null}));
    av = remember(out.getValue());
    openEndpoint();
    check("fi_ep_bind(av)", NativeOps.bind(endpoint, av, 0));
    bindQueuesAndEnable();
    prepareDataPath();
  }

  private void openConnecting(byte[] listenerName, Deadline deadline) throws FabricException {
    Pointer fabric = openFabric();
    EventQueue events = EventQueue.open(library, fabric);
    remember(events.fid());
    openDomainAndQueues(fabric);
    openEndpoint();
    check("fi_ep_bind(eq)", NativeOps.bind(endpoint, events.fid(), 0));
    bindQueuesAndEnable();
    Memory address = new Memory(Math.max(1, listenerName.length));
    address.write(0, listenerName, 0, listenerName.length);
    String target = "fi_connect to " + NativeOps.describeName(listenerName);
    check(target, NativeOps.op(endpoint, FiAbi.EP_CM_OPS, FiAbi.CM_OPS_CONNECT, "fi_connect")
        .invokeInt(new Object[] {endpoint, address, null, 0L}));
    library.keepJvmSignalHandlers();
    events.await(FiAbi.FI_CONNECTED, deadline, target + " on " + provider.provider());
    connected = true;
    prepareDataPath();
  }

  private void openAccepting(Pointer fabric, EventQueue events, Deadline deadline)
      throws FabricException {
    openDomainAndQueues(fabric);
    openEndpoint();
    check("fi_ep_bind(eq)", NativeOps.bind(endpoint, events.fid(), 0));
    bindQueuesAndEnable();
    check("fi_accept", NativeOps.op(endpoint, FiAbi.EP_CM_OPS, FiAbi.CM_OPS_ACCEPT, "fi_accept")
        .invokeInt(new Object[] {endpoint, null, 0L}));
    library.keepJvmSignalHandlers();
    events.await(FiAbi.FI_CONNECTED, deadline, "fi_accept on " + provider.provider());
    connected = true;
    prepareDataPath();
  }

  private Pointer openFabric() throws FabricException {
    PointerByReference out = new PointerByReference();
    check("fi_fabric", library.fabric.invokeInt(new Object[] {
        info.getPointer(FiAbi.INFO_FABRIC_ATTR), out, null}));
    return remember(out.getValue());
  }

  private void openDomainAndQueues(Pointer fabric) throws FabricException {
    PointerByReference out = new PointerByReference();
    check("fi_domain", NativeOps.op(fabric, FiAbi.FABRIC_OPS, FiAbi.FABRIC_OPS_DOMAIN, "fi_domain")
        .invokeInt(new Object[] {fabric, info, out, null}));
    domain = remember(out.getValue());

    Memory cqAttr = new Memory(FiAbi.CQ_ATTR_BYTES);
    cqAttr.clear();
    cqAttr.setInt(FiAbi.CQ_ATTR_FORMAT, FiAbi.FI_CQ_FORMAT_MSG);
    cqAttr.setInt(FiAbi.CQ_ATTR_WAIT_OBJ, FiAbi.FI_WAIT_NONE);
    Function cqOpen = NativeOps.op(domain, FiAbi.DOMAIN_OPS, FiAbi.DOMAIN_OPS_CQ_OPEN, "fi_cq_open");
    check("fi_cq_open(tx)", cqOpen.invokeInt(new Object[] {domain, cqAttr, out, null}));
    tx = new CompletionQueue(library, remember(out.getValue()), Pointer.nativeValue(txContexts));
    check("fi_cq_open(rx)", cqOpen.invokeInt(new Object[] {domain, cqAttr, out, null}));
    rx = new CompletionQueue(library, remember(out.getValue()), Pointer.nativeValue(rxContexts));
  }

  private void openEndpoint() throws FabricException {
    PointerByReference out = new PointerByReference();
    check("fi_endpoint", NativeOps.op(domain, FiAbi.DOMAIN_OPS, FiAbi.DOMAIN_OPS_ENDPOINT,
        "fi_endpoint").invokeInt(new Object[] {domain, info, out, null}));
    endpoint = remember(out.getValue());
  }

  private void bindQueuesAndEnable() throws FabricException {
    check("fi_ep_bind(tx cq)", NativeOps.bind(endpoint, tx.cq, FiAbi.FI_TRANSMIT));
    check("fi_ep_bind(rx cq)", NativeOps.bind(endpoint, rx.cq, FiAbi.FI_RECV));
    check("fi_enable", NativeOps.enable(endpoint));
  }

  private void prepareDataPath() {
    endpointAddress = Pointer.nativeValue(endpoint);
    send = FastCall.returningLong(
        NativeOps.op(endpoint, FiAbi.EP_MSG_OPS, FiAbi.MSG_OPS_SEND, "fi_send"), 6);
    sendMessage = FastCall.returningLong(
        NativeOps.op(endpoint, FiAbi.EP_MSG_OPS, FiAbi.MSG_OPS_SENDMSG, "fi_sendmsg"), 3);
    long iov = messageAddress + FiAbi.FI_MSG_BYTES;
    message.putLong(FiAbi.FI_MSG_IOV, iov);
    message.putLong(FiAbi.FI_MSG_DESC, iov + FiAbi.IOVEC_BYTES);
    message.putLong(FiAbi.FI_MSG_IOV_COUNT, 1);
    recv = FastCall.returningLong(
        NativeOps.op(endpoint, FiAbi.EP_MSG_OPS, FiAbi.MSG_OPS_RECV, "fi_recv"), 6);
    inject = provider.injectBytes() > 0 ? FastCall.returningLong(
        NativeOps.op(endpoint, FiAbi.EP_MSG_OPS, FiAbi.MSG_OPS_INJECT, "fi_inject"), 4) : null;
    Function rmaWrite = rmaEnabled
        ? NativeOps.optionalOp(endpoint, FiAbi.EP_RMA_OPS, FiAbi.RMA_OPS_WRITE) : null;
    write = rmaWrite == null ? null : FastCall.returningLong(rmaWrite, 8);
  }

  private Pointer remember(Pointer fid) {
    openedFids.push(fid);
    return fid;
  }

  private void check(String call, long rc) throws FabricException {
    if (rc < 0) {
      throw FabricException.call(library, call + " on " + provider.provider(), rc);
    }
  }

  /** What this endpoint runs on, as fi_getinfo described it. */
  public FabricProvider provider() {
    return provider;
  }

  /** Whether RMA write was granted on this endpoint. */
  /** Whether the provider granted FI_HMEM: device buffers may be registered ({@link #registerDeviceBuffer}). */
  public boolean hmemEnabled() {
    return hmemEnabled;
  }

  /**
   * Registers a cudaMalloc'd buffer with FI_HMEM_CUDA (fi_mr_regattr), released with this endpoint.
   *
   * @throws FabricException when the endpoint has no FI_HMEM or the provider refuses the region
   */
  public RegisteredBuffer registerDeviceBuffer(long devicePointer, long bytes, int cudaDevice) throws FabricException {
    if (!hmemEnabled) {
      throw new FabricException(provider.provider() + " did not grant FI_HMEM: device memory cannot be registered");
    }
    RegisteredBuffer buffer = RegisteredBuffer.registerDevice(this, devicePointer, bytes, cudaDevice);
    buffers.add(buffer);
    return buffer;
  }

  public boolean rmaEnabled() {
    return write != null;
  }

  /** This endpoint's address (fi_getname), opaque bytes for the peer's {@link #insertPeer}. */
  public byte[] localName() throws FabricException {
    return NativeOps.name(library, endpoint, FiAbi.EP_CM_OPS, provider.provider());
  }

  /** Whether this is a connected (MSG) endpoint, addressed through {@link #connectedPeer()}. */
  public boolean isConnected() {
    return connected;
  }

  /** The peer address of a connected endpoint: FI_ADDR_UNSPEC, since it has only one peer. */
  public long connectedPeer() {
    if (!connected) {
      throw new IllegalStateException(provider.provider() + " "
          + provider.endpointType().cliName() + " endpoints address peers through insertPeer");
    }
    return FI_ADDR_UNSPEC;
  }

  /** Inserts the peer's name (from its {@link #localName()}) and returns its fi_addr_t. */
  public long insertPeer(byte[] peerName) throws FabricException {
    if (av == null) {
      throw new IllegalStateException("msg endpoints have no address vector: use connectedPeer()");
    }
    Memory name = new Memory(Math.max(1, peerName.length));
    name.write(0, peerName, 0, peerName.length);
    Memory address = new Memory(8);
    int rc = NativeOps.op(av, FiAbi.AV_OPS, FiAbi.AV_OPS_INSERT, "fi_av_insert")
        .invokeInt(new Object[] {av, name, 1L, address, 0L, null});
    library.keepJvmSignalHandlers();
    if (rc != 1) {
      throw new FabricException("fi_av_insert on " + provider.provider() + " inserted " + rc
          + " of 1 address" + (rc < 0 ? ": " + library.describeError(rc) : "")
          + " (peer name " + Arrays.toString(Arrays.copyOf(peerName, Math.min(16, peerName.length)))
          + "...)");
    }
    return address.getLong(0);
  }

  /**
   * Allocates and registers a page-aligned buffer as this provider's mr_mode requires; with
   * {@code remoteWritable} it is also an RMA write target.
   */
  public RegisteredBuffer registerBuffer(long bytes, boolean remoteWritable)
      throws FabricException {
    RegisteredBuffer buffer = RegisteredBuffer.allocate(this, bytes, remoteWritable);
    buffers.add(buffer);
    return buffer;
  }

  /** Deregisters and frees a buffer before the endpoint closes (e.g. after one size). */
  public void release(RegisteredBuffer buffer) {
    List<String> failures = new ArrayList<>();
    buffer.release(failures);
    buffers.remove(buffer);
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.toString());
    }
  }

  Libfabric library() {
    return library;
  }

  Pointer domain() {
    return domain;
  }

  Pointer endpointFid() {
    return endpoint;
  }

  long nextRequestedKey() {
    return nextKey++;
  }

  CompletionQueue tx() {
    return tx;
  }

  CompletionQueue rx() {
    return rx;
  }

  /** fi_send, retrying while the transmit queue is full (polling it for progress). */
  void postSend(RegisteredBuffer buffer, long offset, long length, long peer, int slot,
      Deadline deadline) throws FabricException {
    long context = txContextBase + (long) slot * FiAbi.CONTEXT_BYTES;
    int spins = 0;
    long rc;
    while ((rc = send.call6(endpointAddress, buffer.address() + offset, length,
        buffer.descriptorAddress(), peer, context)) != 0) {
      spins = onBusy(rc, tx, "fi_send", deadline, spins);
    }
  }

  /** Whether {@code length} bytes fit fi_inject (the provider's tx_attr.inject_size). */
  boolean injects(long length) {
    return inject != null && length <= provider.injectBytes();
  }

  /**
   * fi_inject: the provider copies the bytes before returning, so the buffer is free at once and
   * no transmit completion follows (nothing to poll for, as fi_pingpong sends what fits). Only
   * for lengths that {@link #injects} allows.
   */
  void postInject(RegisteredBuffer buffer, long offset, long length, long peer, Deadline deadline)
      throws FabricException {
    int spins = 0;
    long rc;
    while ((rc = inject.call4(endpointAddress, buffer.address() + offset, length, peer)) != 0) {
      spins = onBusy(rc, tx, "fi_inject", deadline, spins);
    }
  }

  /**
   * fi_sendmsg of one buffer, with FI_MORE when {@code more}: the caller posts another send at once,
   * so the provider may hold this one and push the batch together (a tcp provider then writes the
   * socket once). The last send of a batch goes without it, which releases the batch.
   */
  void postSendInBatch(RegisteredBuffer buffer, long offset, long length, long peer, int slot,
      boolean more, Deadline deadline) throws FabricException {
    int iov = FiAbi.FI_MSG_BYTES;
    message.putLong(iov, buffer.address() + offset);
    message.putLong(iov + 8, length);
    message.putLong(iov + FiAbi.IOVEC_BYTES, buffer.descriptorAddress());
    message.putLong(FiAbi.FI_MSG_ADDR, peer);
    message.putLong(FiAbi.FI_MSG_CONTEXT, txContextBase + (long) slot * FiAbi.CONTEXT_BYTES);
    long flags = FiAbi.FI_COMPLETION | (more ? FiAbi.FI_MORE : 0);
    int spins = 0;
    long rc;
    while ((rc = sendMessage.call3(endpointAddress, messageAddress, flags)) != 0) {
      spins = onBusy(rc, tx, "fi_sendmsg", deadline, spins);
    }
  }

  /** fi_recv into a slot, retrying while the receive queue is full. */
  void postRecv(RegisteredBuffer buffer, long offset, long length, int slot, Deadline deadline)
      throws FabricException {
    long context = rxContextBase + (long) slot * FiAbi.CONTEXT_BYTES;
    int spins = 0;
    long rc;
    while ((rc = recv.call6(endpointAddress, buffer.address() + offset, length,
        buffer.descriptorAddress(), FI_ADDR_UNSPEC, context)) != 0) {
      spins = onBusy(rc, rx, "fi_recv", deadline, spins);
    }
  }

  /** fi_write of local bytes to the peer's registered buffer. */
  void postWrite(RegisteredBuffer buffer, long offset, long length, long peer, long remoteAddress,
      long remoteKey, int slot, Deadline deadline) throws FabricException {
    if (write == null) {
      throw new IllegalStateException("RMA write was not granted on this endpoint");
    }
    long context = txContextBase + (long) slot * FiAbi.CONTEXT_BYTES;
    int spins = 0;
    long rc;
    while ((rc = write.call8(endpointAddress, buffer.address() + offset, length,
        buffer.descriptorAddress(), peer, remoteAddress, remoteKey, context)) != 0) {
      spins = onBusy(rc, tx, "fi_write", deadline, spins);
    }
  }

  /** FI_EAGAIN: the queue is full, so poll for progress and try again until the deadline. */
  private int onBusy(long rc, CompletionQueue progress, String call, Deadline deadline, int spins)
      throws FabricException {
    if (rc != -FiAbi.FI_EAGAIN) {
      throw FabricException.call(library, call + " on " + provider.provider(), rc);
    }
    progress.poll();
    if ((spins & 63) == 63 && deadline.passed()) {
      throw new FabricException(call + " on " + provider.provider()
          + ": queue stayed full for " + deadline.budget().toMillis() + " ms");
    }
    return spins + 1;
  }

  /** Busy-polls the queue until it has seen {@code target} completions in total. */
  void awaitCompletions(CompletionQueue queue, long target, Deadline deadline, String what)
      throws FabricException {
    int spins = 0;
    while (queue.completed() < target) {
      if (queue.poll() == 0 && (++spins & 255) == 0 && deadline.passed()) {
        throw new FabricException(what + " on " + provider.provider() + ": no completion within "
            + deadline.budget().toMillis() + " ms (" + queue.completed() + " of " + target
            + " completions; the peer stopped or lost the message)");
      }
    }
  }

  /**
   * Shuts a connection down, then closes buffers, endpoint, address vector, queues, domain, event
   * queue and fabric, in that order (an accepted endpoint leaves the last two to its listener).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> failures = new ArrayList<>();
    for (int i = buffers.size() - 1; i >= 0; i--) {
      buffers.get(i).release(failures);
    }
    buffers.clear();
    for (FastCall call : new FastCall[] {send, sendMessage, recv, inject, write}) {
      if (call != null) {
        call.release();
      }
    }
    for (CompletionQueue queue : new CompletionQueue[] {tx, rx}) {
      if (queue != null) {
        queue.release();
      }
    }
    if (connected) {
      // Tell the peer first; it may already be gone, so the result does not matter.
      NativeOps.op(endpoint, FiAbi.EP_CM_OPS, FiAbi.CM_OPS_SHUTDOWN, "fi_shutdown")
          .invokeInt(new Object[] {endpoint, 0L});
      connected = false;
    }
    while (!openedFids.isEmpty()) {
      Pointer fid = openedFids.pop();
      int rc = NativeOps.close(fid);
      if (rc != 0) {
        failures.add("fi_close: " + library.describeError(rc));
      }
    }
    if (info != null) {
      InfoRequest.free(library, info);
      info = null;
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("closing " + provider.provider() + ": " + failures);
    }
  }
}
