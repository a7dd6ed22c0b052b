package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.core.InvalidInputException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * What an exporting process tells an importer so it can map a GPU buffer: the 64-byte {@code
 * cudaIpcMemHandle_t}, the buffer's size and the CRC-32C of its contents. It travels as one text
 * line (in a control message, or on a pipe for the standalone harness): {@code cuda-ipc/1 gpu=0
 * uuid=GPU-... bytes=4194304 crc32c=1a2b3c4d handle=<base64>}.
 *
 * @param gpu the exporter's CUDA ordinal
 * @param gpuUuid the exporter GPU's UUID, to find the same GPU in the importer's numbering
 */
public record IpcOffer(int gpu, String gpuUuid, long bytes, long checksum, byte[] handle) {
  static final String PREFIX = "cuda-ipc/1";

  public IpcOffer {
    if (handle.length != CudartLibrary.IPC_HANDLE_SIZE) {
      throw new IllegalArgumentException("a CUDA IPC handle is 64 bytes, got " + handle.length);
    }
    handle = handle.clone();
  }

  @Override
  public byte[] handle() {
    return handle.clone();
  }

  public String handleBase64() {
    return Base64.getEncoder().encodeToString(handle);
  }

  public String toLine() {
    return PREFIX
        + " gpu="
        + gpu
        + " uuid="
        + gpuUuid
        + " bytes="
        + bytes
        + " crc32c="
        + Long.toHexString(checksum)
        + " handle="
        + handleBase64();
  }

  /**
   * Reads a line written by {@link #toLine()}.
   *
   * @param source names where the line came from, for the error message
   */
  public static IpcOffer parse(String line, String source) throws InvalidInputException {
    String[] words = line.trim().split("\\s+");
    if (words.length == 0 || !words[0].equals(PREFIX)) {
      throw new InvalidInputException(source + ": wanted a line starting '" + PREFIX + "'");
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    try {
      byte[] handle = Base64.getDecoder().decode(require(fields, "handle", source));
      if (handle.length != CudartLibrary.IPC_HANDLE_SIZE) {
        throw new InvalidInputException(
            source + ": field handle: wanted 64 bytes of base64, got " + handle.length);
      }
      return new IpcOffer(
          Integer.parseInt(require(fields, "gpu", source)),
          require(fields, "uuid", source),
          Long.parseLong(require(fields, "bytes", source)),
          HexFormat.fromHexDigitsToLong(require(fields, "crc32c", source)),
          handle);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(source + ": malformed field: " + e.getMessage());
    }
  }

  private static String require(Map<String, String> fields, String name, String source)
      throws InvalidInputException {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException(source + ": field " + name + " is missing");
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpcOffer o
        && gpu == o.gpu
        && gpuUuid.equals(o.gpuUuid)
        && bytes == o.bytes
        && checksum == o.checksum
        && java.util.Arrays.equals(handle, o.handle);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(gpu, gpuUuid, bytes, checksum, java.util.Arrays.hashCode(handle));
  }

  @Override
  public String toString() {
    return toLine();
  }
}
