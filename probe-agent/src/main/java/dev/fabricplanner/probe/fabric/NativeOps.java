package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Pointer;

/**
 * Reaches libfabric's static-inline calls through the ops tables of its objects: every fid_* object
 * starts with {@code struct fid} and holds pointers to tables of function pointers, which the
 * header wrappers ({@code fi_send}, {@code fi_cq_read}, ...) simply call. Functions are looked up
 * once per object and cached by the callers, never in a hot loop.
 */
final class NativeOps {
  private NativeOps() {}

  /** The function at {@code slot} of the ops table whose pointer sits at {@code tableOffset}. */
  static Function op(Pointer object, long tableOffset, long slot, String name) {
    Pointer table = object.getPointer(tableOffset);
    if (table == null) {
      throw new IllegalStateException(name + ": the object has no ops table");
    }
    long size = table.getLong(0);
    Pointer fn = slot < size ? table.getPointer(slot) : null;
    if (fn == null) {
      throw new UnsupportedOperationException(name + " is not implemented by this provider");
    }
    return Function.getFunction(fn);
  }

  /** The optional function: null where the provider's table is too short or the slot is empty. */
  static Function optionalOp(Pointer object, long tableOffset, long slot) {
    Pointer table = object.getPointer(tableOffset);
    if (table == null || slot >= table.getLong(0)) {
      return null;
    }
    Pointer fn = table.getPointer(slot);
    return fn == null ? null : Function.getFunction(fn);
  }

  /** fi_close(fid): the close slot of the generic struct fi_ops. */
  static int close(Pointer fid) {
    return op(fid, FiAbi.FID_OPS, FiAbi.OPS_CLOSE, "fi_close").invokeInt(new Object[] {fid});
  }

  /** fi_bind / fi_ep_bind(fid, bfid, flags). */
  static int bind(Pointer fid, Pointer bound, long flags) {
    return op(fid, FiAbi.FID_OPS, FiAbi.OPS_BIND, "fi_bind")
        .invokeInt(new Object[] {fid, bound, flags});
  }

  /** fi_enable(ep) and fi_mr_enable(mr): fi_control(fid, FI_ENABLE, NULL). */
  static int enable(Pointer fid) {
    return op(fid, FiAbi.FID_OPS, FiAbi.OPS_CONTROL, "fi_control")
        .invokeInt(new Object[] {fid, FiAbi.FI_ENABLE, null});
  }
}
