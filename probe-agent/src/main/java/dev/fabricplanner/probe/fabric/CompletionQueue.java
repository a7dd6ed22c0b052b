package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One fi_cq (FI_CQ_FORMAT_MSG, no wait object: we busy-poll). Completions are kept in a ring so
 * that polling for progress while posting loses none; each carries the slot of the operation
 * context it completes and the received length.
 */
final class CompletionQueue {
  private static final int BATCH = 32;
  private static final int RING = 1 << 14;

  private final Libfabric library;
  final Pointer cq;
  private final FastCall read;
  private final long cqAddress;
  private final Function readerr;
  private final ByteBuffer entries = ByteBuffer.allocateDirect(BATCH * FiAbi.CQ_MSG_ENTRY_BYTES)
      .order(ByteOrder.nativeOrder());
  private final long entriesAddress = Pointer.nativeValue(Native.getDirectBufferPointer(entries));
  private final long contextBase;
  private final int[] slots = new int[RING];
  private final long[] lengths = new long[RING];
  private long head;
  private long tail;
  private long completed;

  CompletionQueue(Libfabric library, Pointer cq, long contextBase) {
    this.library = library;
    this.cq = cq;
    this.read = FastCall.returningLong(
        NativeOps.op(cq, FiAbi.CQ_OPS, FiAbi.CQ_OPS_READ, "fi_cq_read"), 3);
    this.cqAddress = Pointer.nativeValue(cq);
    this.readerr = NativeOps.op(cq, FiAbi.CQ_OPS, FiAbi.CQ_OPS_READERR, "fi_cq_readerr");
    this.contextBase = contextBase;
  }

  /** Reads what has completed (also driving progress); returns how many new completions. */
  int poll() throws FabricException {
    long rc = read.call3(cqAddress, entriesAddress, BATCH);
    if (rc > 0) {
      int count = (int) rc;
      for (int i = 0; i < count; i++) {
        int offset = i * FiAbi.CQ_MSG_ENTRY_BYTES;
        long context = entries.getLong(offset + (int) FiAbi.CQ_ENTRY_CONTEXT);
        if (tail - head >= RING) {
          throw new IllegalStateException("completion ring overflow: completions not consumed");
        }
        int index = (int) (tail & (RING - 1));
        slots[index] = (int) ((context - contextBase) / FiAbi.CONTEXT_BYTES);
        lengths[index] = entries.getLong(offset + (int) FiAbi.CQ_ENTRY_LEN);
        tail++;
      }
      completed += count;
      return count;
    }
    if (rc == -FiAbi.FI_EAGAIN) {
      return 0;
    }
    if (rc == -FiAbi.FI_EAVAIL) {
      throw errorEntry();
    }
    throw FabricException.call(library, "fi_cq_read", rc);
  }

  private FabricException errorEntry() {
    Memory error = new Memory(FiAbi.CQ_ERR_ENTRY_BYTES);
    error.clear();
    long rc = readerr.invokeLong(new Object[] {cq, error, 0L});
    if (rc < 0) {
      return FabricException.call(library, "fi_cq_readerr", rc);
    }
    int err = error.getInt(FiAbi.CQ_ERR_ERR);
    int providerErrno = error.getInt(FiAbi.CQ_ERR_PROV_ERRNO);
    return new FabricException("completion error: " + library.describeError(err)
        + " (provider errno " + providerErrno + ", length " + error.getLong(FiAbi.CQ_ERR_LEN)
        + ")");
  }

  /** Frees the prepared native call; called when the endpoint closes. */
  void release() {
    read.release();
  }

  /** Completions seen since the queue was opened. */
  long completed() {
    return completed;
  }

  boolean hasPending() {
    return head < tail;
  }

  /** The slot of the oldest unconsumed completion. */
  int pendingSlot() {
    return slots[(int) (head & (RING - 1))];
  }

  /** The length of the oldest unconsumed completion. */
  long pendingLength() {
    return lengths[(int) (head & (RING - 1))];
  }

  void consume() {
    head++;
  }

  /** Forgets unconsumed completions (for queues whose entries nobody inspects). */
  void discardPending() {
    head = tail;
  }
}
