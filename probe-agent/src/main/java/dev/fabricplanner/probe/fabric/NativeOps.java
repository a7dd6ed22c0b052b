package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

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

  /**
   * fi_getname on an endpoint or a passive endpoint, whose cm ops sit at the same offset; the
   * name is the provider's address format (a struct sockaddr for the IP providers).
   */
  static byte[] name(Libfabric library, Pointer fid, long cmOffset, String provider)
      throws FabricException {
    Function getname = op(fid, cmOffset, FiAbi.CM_OPS_GETNAME, "fi_getname");
    long capacity = 256;
    while (true) {
      Memory name = new Memory(capacity);
      Memory length = new Memory(8);
      length.setLong(0, capacity);
      int rc = getname.invokeInt(new Object[] {fid, name, length});
      library.keepJvmSignalHandlers();
      if (rc == -FiAbi.FI_ETRUNC) {
        capacity = length.getLong(0);
        continue;
      }
      if (rc < 0) {
        throw FabricException.call(library, "fi_getname on " + provider, rc);
      }
      return name.getByteArray(0, (int) length.getLong(0));
    }
  }

  /** "127.0.0.1:4242" or "[::1]:4242" for a sockaddr_in/in6 name, else its length. */
  static String describeName(byte[] name) {
    int family = name.length >= 2 ? (name[0] & 0xff) | (name[1] & 0xff) << 8 : -1;
    int port = name.length >= 4 ? (name[2] & 0xff) << 8 | (name[3] & 0xff) : 0;
    if (family == 2 && name.length >= 8) { // AF_INET
      return (name[4] & 0xff) + "." + (name[5] & 0xff) + "." + (name[6] & 0xff) + "."
          + (name[7] & 0xff) + ":" + port;
    }
    if (family == 10 && name.length >= 24) { // AF_INET6
      try {
        byte[] address = Arrays.copyOfRange(name, 8, 24);
        return "[" + InetAddress.getByAddress(address).getHostAddress() + "]:" + port;
      } catch (UnknownHostException e) {
        throw new IllegalStateException("16 bytes are always an IPv6 address", e);
      }
    }
    return "a " + name.length + "-byte address";
  }
}
