package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A hot-path call to a C function pointer whose arguments are all 64-bit (pointers, size_t,
 * uint64_t) and whose result is an ssize_t or int. JNA's generic {@link Function#invoke} converts
 * arguments by reflection and prepares a libffi call frame each time, about 0.8 us per call here
 * against 12 ns for the call itself; libfabric's latency is below 1 us. So the frame
 * ({@code ffi_cif}) is prepared once with JNA's own libffi ({@link Native#ffi_prep_cif}), the
 * arguments are written into a direct buffer, and each call is one JNI hop into
 * {@link Native#ffi_call} with primitives only. Off x86_64 the call falls back to
 * {@link Function#invokeLong}.
 *
 * <p>An instance owns its argument buffer: one thread at a time.
 */
final class FastCall {
  private static final int FFI_UNIX64 = 2;
  private static final int SLOT = 8;
  private static final boolean X86_64 = "amd64".equals(System.getProperty("os.arch"))
      || "x86_64".equals(System.getProperty("os.arch"));
  // libffi's ffi_type for the two scalar types we use: { size_t size; unsigned short alignment;
  // unsigned short type; ffi_type **elements; }, type codes FFI_TYPE_SINT32 = 10, SINT64 = 12.
  private static final Memory SINT64 = scalarType(8, 12);
  private static final Memory SINT32 = scalarType(4, 10);

  private final Function fallback;
  private final int arity;
  private final boolean intResult;
  private final long function;
  private final ByteBuffer frame;
  private final long frameAddress;
  private long cif;
  private final Memory argTypes;

  private FastCall(Pointer function, int arity, boolean intResult) {
    this.function = Pointer.nativeValue(function);
    this.arity = arity;
    this.intResult = intResult;
    this.fallback = Function.getFunction(function);
    // [arguments: arity slots][result: 1 slot][argument pointers: arity slots]
    this.frame = ByteBuffer.allocateDirect(SLOT * (2 * arity + 1)).order(ByteOrder.nativeOrder());
    this.frameAddress = Pointer.nativeValue(Native.getDirectBufferPointer(frame));
    this.argTypes = new Memory((long) SLOT * arity);
    for (int i = 0; i < arity; i++) {
      argTypes.setLong((long) SLOT * i, Pointer.nativeValue(SINT64));
      frame.putLong(SLOT * (arity + 1 + i), frameAddress + (long) SLOT * i);
    }
    this.cif = X86_64 ? Native.ffi_prep_cif(FFI_UNIX64, arity,
        Pointer.nativeValue(intResult ? SINT32 : SINT64), Pointer.nativeValue(argTypes)) : 0;
  }

  private static Memory scalarType(int size, int typeCode) {
    Memory type = new Memory(24);
    type.clear();
    type.setLong(0, size);
    type.setShort(8, (short) size);
    type.setShort(10, (short) typeCode);
    return type;
  }

  /** A call returning ssize_t. */
  static FastCall returningLong(Pointer function, int arity) {
    return new FastCall(function, arity, false);
  }

  /** A call returning int. */
  static FastCall returningInt(Pointer function, int arity) {
    return new FastCall(function, arity, true);
  }

  /** Whether calls skip JNA's generic invoke (else they take its slower path). */
  static boolean direct() {
    return X86_64;
  }

  long call3(long a, long b, long c) {
    frame.putLong(0, a).putLong(8, b).putLong(16, c);
    return invoke();
  }

  long call4(long a, long b, long c, long d) {
    frame.putLong(0, a).putLong(8, b).putLong(16, c).putLong(24, d);
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

  /** Frees the prepared frame (JNA mallocs it); the call must not be used afterwards. */
  void release() {
    if (cif != 0) {
      Native.free(cif);
      cif = 0;
    }
  }

  private long invoke() {
    if (cif == 0) {
      if (X86_64) {
        throw new IllegalStateException("call used after its endpoint closed");
      }
      Object[] args = new Object[arity];
      for (int i = 0; i < arity; i++) {
        args[i] = frame.getLong(SLOT * i);
      }
      return intResult ? fallback.invokeInt(args) : fallback.invokeLong(args);
    }
    long result = frameAddress + (long) SLOT * arity;
    Native.ffi_call(cif, function, result, result + SLOT);
    long value = frame.getLong(SLOT * arity);
    return intResult ? (int) value : value;
  }
}
