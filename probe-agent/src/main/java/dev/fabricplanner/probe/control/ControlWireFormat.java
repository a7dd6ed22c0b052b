package dev.fabricplanner.probe.control;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.util.List;

/**
 * The control stream's wire format: each message is a 4-byte big-endian length, then that many bytes of
 * UTF-8 JSON {@code {"v": 1, "type": "...", "body": {...}}}. A frame over {@link #MAX_FRAME_BYTES}, a
 * body that is not that JSON, or another version is malformed; the protocol then refuses the peer.
 */
public final class ControlWireFormat {
  /** The only control protocol version this build speaks. */
  public static final int VERSION = 1;
  /** Largest frame accepted; the biggest real message (a sweep's results) is a few KiB. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;
  static final int LENGTH_BYTES = 4;

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(MAX_FRAME_BYTES).build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ControlWireFormat() {}

  /** Adds framing and the JSON codec to a control stream's pipeline. */
  public static void install(ChannelPipeline pipeline) {
    pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES));
    pipeline.addLast("length", new LengthFieldPrepender(LENGTH_BYTES));
    pipeline.addLast("json", new JsonCodec());
  }

  static byte[] encode(ControlMessage message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", VERSION);
    node.put("type", message.type().wire());
    node.set("body", message.body());
    try {
      byte[] bytes = JSON.writeValueAsBytes(node);
      if (bytes.length > MAX_FRAME_BYTES) {
        throw new IllegalArgumentException(
            message.type().wire() + " message of " + bytes.length + " bytes exceeds " + MAX_FRAME_BYTES);
      }
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ControlMessage decode(ByteBuf frame) throws MalformedFrameException {
    JsonNode node;
    try {
      node = JSON.readTree((java.io.InputStream) new ByteBufInputStream(frame));
    } catch (IOException e) {
      throw new MalformedFrameException("control frame is not JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new MalformedFrameException("control frame is not a JSON object");
    }
    JsonNode version = node.get("v");
    if (version == null || !version.isInt()) {
      throw new MalformedFrameException("control frame has no integer `v` (protocol version)");
    }
    if (version.intValue() != VERSION) {
      throw new MalformedFrameException(
          "control protocol version " + version.intValue() + " is not supported (want " + VERSION + ")");
    }
    String typeText = node.path("type").asText("");
    MessageType type =
        MessageType.fromWire(typeText)
            .orElseThrow(() -> new MalformedFrameException("unknown control message type `" + typeText + "`"));
    JsonNode body = node.get("body");
    if (body == null || !body.isObject()) {
      throw new MalformedFrameException("control message `" + typeText + "` has no JSON object `body`");
    }
    return new ControlMessage(type, (ObjectNode) body);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** Frame bytes to {@link ControlMessage} and back; a bad frame surfaces as an exception event. */
  private static final class JsonCodec extends MessageToMessageCodec<ByteBuf, ControlMessage> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ControlMessage message, List<Object> out) {
      out.add(ctx.alloc().buffer().writeBytes(ControlWireFormat.encode(message)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out)
        throws MalformedFrameException {
      out.add(ControlWireFormat.decode(frame));
    }
  }
}
