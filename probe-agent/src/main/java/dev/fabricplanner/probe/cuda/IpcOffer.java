package dev.fabricplanner.probe.cuda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricplanner.probe.control.ControlMessage;
import dev.fabricplanner.probe.control.MessageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * What an exporting process tells an importer so it can map one GPU buffer: the 64-byte {@code
 * cudaIpcMemHandle_t}, the buffer's size and the seed of the payload pattern it holds (the importer
 * regenerates the pattern to verify its copies). It travels as one {@link MessageType#IPC_OFFER}
 * control message, whose body is versioned and small: {@code {"ipc": 1, "gpu": 0, "uuid":
 * "GPU-...", "bytes": 4194304, "seed": 1, "handle": "<base64>", "of": 2}}, where {@code of} is how
 * many offers the exporter sends in all.
 *
 * @param gpu the exporter's CUDA ordinal
 * @param gpuUuid the exporter GPU's UUID, to find the same GPU in the importer's numbering
 * @param seed the {@link PayloadPattern} seed the buffer was filled with
 */
public record IpcOffer(int gpu, String gpuUuid, long bytes, long seed, byte[] handle) {
  /** The offer body's format; an importer refuses any other. */
  public static final int FORMAT = 1;
  /** Largest offer body accepted: a real one is about 200 bytes. */
  public static final int MAX_MESSAGE_BYTES = 1024;
  /** Most offers one exporter may send (one per GPU). */
  public static final int MAX_OFFERS = 64;
  /** Largest buffer an offer may name (the importer allocates as much to copy into). */
  public static final long MAX_BYTES = 1L << 30;
  private static final int MAX_GPU = 1023;
  private static final int MAX_UUID_CHARS = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** The CRC-32C of the buffer's contents, regenerated from the seed. */
  public long checksum() {
    return PayloadPattern.checksum(PayloadPattern.bytes(bytes, seed));
  }

  /**
   * This offer as a control message.
   *
   * @param count how many offers the exporter sends in all
   * @throws IllegalArgumentException if the body would break a limit the importer enforces
   */
  public ControlMessage toMessage(int count) {
    ControlMessage message = ControlMessage.of(MessageType.IPC_OFFER);
    message
        .body()
        .put("ipc", FORMAT)
        .put("gpu", gpu)
        .put("uuid", gpuUuid)
        .put("bytes", bytes)
        .put("seed", seed)
        .put("handle", Base64.getEncoder().encodeToString(handle))
        .put("of", count);
    fromMessage(message); // the sender keeps the limits it expects the importer to enforce
    return message;
  }

  /** How many offers the exporter sends in all, from a message {@link #fromMessage} accepted. */
  public static int countOf(ControlMessage message) {
    return message.body().path("of").intValue();
  }

  /**
   * Reads and checks an {@link MessageType#IPC_OFFER}.
   *
   * @throws IllegalArgumentException naming every field that is missing, malformed or out of range
   */
  public static IpcOffer fromMessage(ControlMessage message) {
    if (message.type() != MessageType.IPC_OFFER) {
      throw new IllegalArgumentException("expected ipc_offer, got " + message.type().wire());
    }
    JsonNode body = message.body();
    int size = encodedSize(body);
    if (size > MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "ipc_offer of " + size + " bytes exceeds " + MAX_MESSAGE_BYTES);
    }
    List<String> problems = new ArrayList<>();
    if (!body.path("ipc").isInt() || body.path("ipc").intValue() != FORMAT) {
      problems.add("field ipc is " + body.path("ipc") + ", want " + FORMAT);
    }
    long gpu = whole(body, "gpu", 0, MAX_GPU, problems);
    String uuid = body.path("uuid").asText("");
    if (!body.path("uuid").isTextual()
        || uuid.isEmpty()
        || uuid.length() > MAX_UUID_CHARS
        || !uuid.matches("[A-Za-z0-9-]+")) {
      problems.add("field uuid wants 1.." + MAX_UUID_CHARS + " letters, digits or '-' (a GPU UUID)");
    }
    long bytes = whole(body, "bytes", 1, MAX_BYTES, problems);
    long seed = whole(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE, problems);
    whole(body, "of", 1, MAX_OFFERS, problems);
    byte[] handle = null;
    try {
      handle = Base64.getDecoder().decode(body.path("handle").asText(""));
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (handle == null || handle.length != CudartLibrary.IPC_HANDLE_SIZE) {
      problems.add(
          "field handle wants " + CudartLibrary.IPC_HANDLE_SIZE + " bytes of base64, got "
              + (handle == null ? "no base64" : handle.length + " bytes"));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("ipc_offer: " + String.join("; ", problems));
    }
    return new IpcOffer((int) gpu, uuid, bytes, seed, handle);
  }

  private static long whole(JsonNode body, String field, long least, long most, List<String> problems) {
    JsonNode node = body.path(field);
    if (!node.canConvertToLong() || !node.isIntegralNumber()
        || node.longValue() < least || node.longValue() > most) {
      String got = node.isMissingNode() ? "missing" : "is " + node;
      problems.add("field " + field + " " + got + ", want a whole number " + least + ".." + most);
      return least;
    }
    return node.longValue();
  }

  private static int encodedSize(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpcOffer o
        && gpu == o.gpu
        && gpuUuid.equals(o.gpuUuid)
        && bytes == o.bytes
        && seed == o.seed
        && Arrays.equals(handle, o.handle);
  }

  @Override
  public int hashCode() {
    return Objects.hash(gpu, gpuUuid, bytes, seed, Arrays.hashCode(handle));
  }

  @Override
  public String toString() {
    return "IpcOffer[gpu=" + gpu + ", uuid=" + gpuUuid + ", bytes=" + bytes + ", seed=" + seed + "]";
  }
}
