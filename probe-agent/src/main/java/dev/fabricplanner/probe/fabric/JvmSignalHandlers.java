package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;

/**
 * Keeps the JVM's own handlers for the fault signals. libfabric's providers (shm among them)
 * install SIGSEGV/SIGBUS handlers that clean up and re-raise; the JVM uses those signals for
 * implicit null checks and safepoints, and a re-raised signal loses the fault context, so the JVM
 * dies ("terminated with signal 11"). We save the JVM's handlers before libfabric initialises its
 * providers and put them back after each call that may install new ones. The cost: a crashed JVM
 * may leave shm files in /dev/shm.
 */
final class JvmSignalHandlers {
  private static final int[] SIGNALS = {4, 7, 8, 11}; // SIGILL, SIGBUS, SIGFPE, SIGSEGV
  /** sizeof(struct sigaction) is 152 on x86_64 glibc; room to spare for other ABIs. */
  private static final int SIGACTION_BYTES = 512;

  private final Function sigaction;
  private final Memory[] saved = new Memory[SIGNALS.length];
  private final Memory current = new Memory(SIGACTION_BYTES);

  private JvmSignalHandlers(Function sigaction) {
    this.sigaction = sigaction;
    for (int i = 0; i < SIGNALS.length; i++) {
      saved[i] = new Memory(SIGACTION_BYTES);
      saved[i].clear();
      sigaction.invokeInt(new Object[] {SIGNALS[i], null, saved[i]});
    }
  }

  private static JvmSignalHandlers processWide;
  private static boolean captured;

  /**
   * The JVM's handlers, saved the first time this is called, which must be before libfabric is
   * first loaded (loading it already replaces them); null where libc's sigaction is not found.
   */
  static synchronized JvmSignalHandlers beforeFirstLoad() {
    if (!captured) {
      captured = true;
      try {
        processWide = new JvmSignalHandlers(NativeLibrary.getInstance("c").getFunction("sigaction"));
      } catch (UnsatisfiedLinkError e) {
        processWide = null;
      }
    }
    return processWide;
  }

  /** Whether every saved handler is still the one installed. */
  synchronized boolean intact() {
    for (int i = 0; i < SIGNALS.length; i++) {
      current.clear();
      sigaction.invokeInt(new Object[] {SIGNALS[i], null, current});
      if (current.getLong(0) != saved[i].getLong(0)) {
        return false;
      }
    }
    return true;
  }

  /** Puts back every saved handler that native code replaced since. */
  synchronized void restore() {
    for (int i = 0; i < SIGNALS.length; i++) {
      current.clear();
      sigaction.invokeInt(new Object[] {SIGNALS[i], null, current});
      if (current.getLong(0) != saved[i].getLong(0)) {
        sigaction.invokeInt(new Object[] {SIGNALS[i], saved[i], null});
      }
    }
  }
}
