package dev.fabricplanner.probe.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One control message: its type and a JSON body whose fields depend on the type. */
public record ControlMessage(MessageType type, ObjectNode body) {

  public static ControlMessage of(MessageType type) {
    return new ControlMessage(type, JsonNodeFactory.instance.objectNode());
  }

  public static ControlMessage refused(String reason) {
    ControlMessage message = of(MessageType.REFUSED);
    message.body().put("reason", reason);
    return message;
  }

  /** A text field of the body, or {@code ""}. */
  public String text(String field) {
    return body.path(field).asText("");
  }
}
