package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A hot-path call to a C function pointer whose arguments are all 64-bit (pointers, size_t,
 * uint64_t) and whose result is an ssize_t or int. JNA's generic {@link Function#invoke} converts
 * arguments by reflection and prepares a libffi call frame each time, about 0.8 us per call here
 * against 12 ns for the call itself; libfabric's latency is below 1 us. So we call the system's
 * libffi ourselves: the frame ({@code ffi_cif}) is prepared once, the arguments are written into a
 * direct buffer, and {@code ffi_call} is bound by JNA direct mapping (one JNI hop, primitives only).
 * Where libffi.so.8 is absent the call falls back to {@link Function#invokeLong}.
 *
 * <p>An instance owns its argument buffer: one thread at a time.
 */
final class FastCall {
  private static final int FFI_UNIX64 = 2;
  private static final int FFI_OK = 0;
  private static final int SLOT = 8;
  private static final Libffi LIBFFI = Libffi.bind();

  private final Function fallback;
  private final int arity;
  private final boolean intResult;
  private final long function;
  private final ByteBuffer frame;
  private final long frameAddress;
  private final Memory cif;
  private final Memory argTypes;

  private FastCall(Pointer function, int arity, boolean intResult) {
    this.function = Pointer.nativeValue(function);
    this.arity = arity;
    this.intResult = intResult;
    this.fallback = Function.getFunction(function);
    // [arguments: arity slots][result: 1 slot][argument pointers: arity slots]
    this.frame = ByteBuffer.allocateDirect(SLOT * (2 * arity + 1)).order(ByteOrder.nativeOrder());
    this.frameAddress = Pointer.nativeValue(Native.getDirectBufferPointer(frame));
    if (LIBFFI == null) {
      this.cif = null;
      this.argTypes = null;
      return;
    }
    this.cif = new Memory(64);
    this.argTypes = new Memory((long) SLOT * arity);
    for (int i = 0; i < arity; i++) {
      argTypes.setLong((long) SLOT * i, LIBFFI.sint64);
      frame.putLong(SLOT * (arity + 1 + i), frameAddress + (long) SLOT * i);
    }
    int rc = Libffi.ffi_prep_cif(Pointer.nativeValue(cif), FFI_UNIX64, arity,
        intResult ? LIBFFI.sint32 : LIBFFI.sint64, Pointer.nativeValue(argTypes));
    if (rc != FFI_OK) {
      throw new IllegalStateException("ffi_prep_cif failed: " + rc);
    }
  }

  /** A call returning ssize_t. */
  static FastCall returningLong(Pointer function, int arity) {
    return new FastCall(function, arity, false);
  }

  /** A call returning int. */
  static FastCall returningInt(Pointer function, int arity) {
    return new FastCall(function, arity, true);
  }

  /** Whether calls go through libffi directly (else through JNA's slower generic path). */
  static boolean direct() {
    return LIBFFI != null;
  }

  long call3(long a, long b, long c) {
    frame.putLong(0, a).putLong(8, b).putLong(16, c);
    return invoke();
  }

  long call6(long a, long b, long c, long d, long e, long f) {
    frame.putLong(0, a).putLong(8, b).putLong(16, c).putLong(24, d).putLong(32, e)
        .putLong(40, f);
    return invoke();
  }

  long call8(long a, long b, long c, long d, long e, long f, long g, long h) {
    frame.putLong(0, a).putLong(8, b).putLong(16, c).putLong(24, d).putLong(32, e)
        .putLong(40, f).putLong(48, g).putLong(56, h);
    return invoke();
  }

  private long invoke() {
    if (LIBFFI == null) {
      Object[] args = new Object[arity];
      for (int i = 0; i < arity; i++) {
        args[i] = frame.getLong(SLOT * i);
      }
      return intResult ? fallback.invokeInt(args) : fallback.invokeLong(args);
    }
    long result = frameAddress + (long) SLOT * arity;
    Libffi.ffi_call(Pointer.nativeValue(cif), function, result, result + SLOT);
    long value = frame.getLong(SLOT * arity);
    return intResult ? (int) value : value;
  }

  /** The system's libffi, bound by JNA direct mapping. */
  static final class Libffi {
    final long sint64;
    final long sint32;

    private Libffi(NativeLibrary library) {
      this.sint64 = Pointer.nativeValue(library.getGlobalVariableAddress("ffi_type_sint64"));
      this.sint32 = Pointer.nativeValue(library.getGlobalVariableAddress("ffi_type_sint32"));
    }

    static Libffi bind() {
      if (!"amd64".equals(System.getProperty("os.arch"))
          && !"x86_64".equals(System.getProperty("os.arch"))) {
        return null; // the frame layout and ABI number above are x86_64's
      }
      try {
        NativeLibrary library = NativeLibrary.getInstance("libffi.so.8");
        Native.register(Libffi.class, library);
        return new Libffi(library);
      } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
        return null;
      }
    }

    static native int ffi_prep_cif(long cif, int abi, int nargs, long rtype, long atypes);

    static native void ffi_call(long cif, long function, long result, long arguments);
  }
}
