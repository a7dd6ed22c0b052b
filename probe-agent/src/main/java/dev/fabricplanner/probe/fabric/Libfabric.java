package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * libfabric bound at run time through JNA. Only the exported entry points are looked up here;
 * everything else ({@code fi_domain}, {@code fi_send}, ...) is a static inline in the headers and is
 * reached through the ops tables of the objects (see {@link NativeOps}).
 *
 * <p>{@link #load()} never throws for an absent or unusable library: it returns a skip reason.
 */
public final class Libfabric {
  /** System property naming the library file to load instead of the system's libfabric.so.1. */
  public static final String PATH_PROPERTY = "fabricplanner.libfabric";
  /** Environment variable naming the library file, used when the property is unset. */
  public static final String PATH_ENV = "FABRIC_PLANNER_LIBFABRIC";
  static final String SYSTEM_LIBRARY = "libfabric.so.1";

  private final NativeLibrary library;
  private final int version;
  final Function getinfo;
  final Function freeinfo;
  final Function dupinfo;
  final Function fabric;
  final Function strerror;
  private final Function strdup;
  private final JvmSignalHandlers jvmHandlers;

  private Libfabric(NativeLibrary library, int version, JvmSignalHandlers jvmHandlers) {
    this.jvmHandlers = jvmHandlers;
    this.library = library;
    this.version = version;
    this.getinfo = library.getFunction("fi_getinfo");
    this.freeinfo = library.getFunction("fi_freeinfo");
    this.dupinfo = library.getFunction("fi_dupinfo");
    this.fabric = library.getFunction("fi_fabric");
    this.strerror = library.getFunction("fi_strerror");
    // fi_freeinfo frees the strings in a hints structure, so they must come from malloc.
    this.strdup = NativeLibrary.getInstance("c").getFunction("strdup");
  }

  /**
   * Loads the library named by {@value #PATH_PROPERTY}, else {@value #PATH_ENV}, else the system's
   * {@code libfabric.so.1}.
   */
  public static LibfabricLoad load() {
    String configured = System.getProperty(PATH_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(PATH_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return load(Path.of(configured));
    }
    return bind(SYSTEM_LIBRARY, "the system's " + SYSTEM_LIBRARY);
  }

  /** Loads libfabric from one file; a missing or unusable file gives a skip reason. */
  public static LibfabricLoad load(Path path) {
    if (!Files.isRegularFile(path)) {
      return LibfabricLoad.skipped("libfabric not found at " + path + " (no such file)");
    }
    return bind(path.toAbsolutePath().toString(), path.toString());
  }

  private static LibfabricLoad bind(String name, String shownAs) {
    // Saved before libfabric is first loaded: loading it already replaces them.
    JvmSignalHandlers jvmHandlers = JvmSignalHandlers.beforeFirstLoad();
    NativeLibrary library;
    try {
      library = NativeLibrary.getInstance(name, Collections.emptyMap());
      if (jvmHandlers != null) {
        jvmHandlers.restore();
      }
    } catch (UnsatisfiedLinkError e) {
      return LibfabricLoad.skipped(
          "libfabric could not be loaded from " + shownAs + ": " + firstLine(e.getMessage())
              + " (install libfabric1, or set " + PATH_PROPERTY + ")");
    }
    int version;
    try {
      version = library.getFunction("fi_version").invokeInt(new Object[0]);
      for (String symbol : new String[] {"fi_getinfo", "fi_freeinfo", "fi_dupinfo", "fi_fabric",
          "fi_strerror"}) {
        library.getFunction(symbol);
      }
    } catch (UnsatisfiedLinkError e) {
      return LibfabricLoad.skipped(
          shownAs + " is not libfabric (missing symbol): " + firstLine(e.getMessage()));
    }
    int major = version >>> 16;
    int minor = version & 0xffff;
    if (major != FiAbi.MAJOR || minor < FiAbi.MIN_MINOR) {
      return LibfabricLoad.skipped("libfabric " + major + "." + minor + " at " + shownAs
          + " has an ABI we do not bind (need 1." + FiAbi.MIN_MINOR + " or a later 1.x)");
    }
    return LibfabricLoad.loaded(new Libfabric(library, version, jvmHandlers));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The library's version as "major.minor". */
  public String version() {
    return (version >>> 16) + "." + (version & 0xffff);
  }

  /** Where the library was loaded from. */
  public String path() {
    return library.getFile() == null ? library.getName() : library.getFile().getPath();
  }

  /** The API version we request from fi_getinfo: 1.17, or the library's own if older. */
  int requestedApiVersion() {
    int minor = Math.min(version & 0xffff, FiAbi.REQUESTED_MINOR);
    return FiAbi.version(FiAbi.MAJOR, minor);
  }

  /** fi_strerror for a (positive or negative) libfabric error code. */
  public String describeError(long code) {
    int positive = (int) Math.abs(code);
    Pointer text = strerror.invokePointer(new Object[] {positive});
    return text == null ? "error " + positive : text.getString(0) + " (" + positive + ")";
  }

  /** Undoes providers' replacement of the JVM's fault handlers; call after provider set-up. */
  void keepJvmSignalHandlers() {
    if (jvmHandlers != null) {
      jvmHandlers.restore();
    }
  }

  Pointer mallocString(String value) {
    return strdup.invokePointer(new Object[] {value});
  }
}
