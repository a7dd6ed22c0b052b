package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.probe.control.ControlMessage;
import dev.fabricplanner.probe.control.MessageType;
import org.junit.jupiter.api.Test;

/** The IPC_OFFER body: every field round-trips, and every limit an importer enforces names the field. */
class IpcOfferTest {
  static final String UUID = "GPU-a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf";

  static byte[] handle() {
    byte[] handle = new byte[64];
    for (int i = 0; i < handle.length; i++) {
      handle[i] = (byte) (i * 7 - 100);
    }
    return handle;
  }

  private static ControlMessage valid() {
    return new IpcOffer(3, UUID, 4L << 20, 4, handle()).toMessage(2);
  }

  @Test
  void aMessageRoundTripsEveryField() {
    IpcOffer offer = new IpcOffer(3, UUID, 4L << 20, -9_000_000_000L, handle());

    ControlMessage message = offer.toMessage(2);
    IpcOffer back = IpcOffer.fromMessage(message);

    assertThat(message.type()).isEqualTo(MessageType.IPC_OFFER);
    assertThat(message.body().path("ipc").intValue()).isEqualTo(IpcOffer.FORMAT);
    assertThat(back).isEqualTo(offer);
    assertThat(back.handle()).isEqualTo(handle());
    assertThat(IpcOffer.countOf(message)).isEqualTo(2);
  }

  @Test
  void theChecksumIsThePatternTheExporterFilledTheBufferWith() {
    IpcOffer offer = new IpcOffer(0, UUID, 4096, 7, handle());

    assertThat(offer.checksum()).isEqualTo(PayloadPattern.checksum(PayloadPattern.bytes(4096, 7)));
    assertThat(offer.checksum()).isNotEqualTo(new IpcOffer(0, UUID, 4096, 8, handle()).checksum());
  }

  @Test
  void anOversizedOfferIsRefusedBeforeItsFieldsAreRead() {
    ControlMessage message = valid();
    message.body().put("padding", "x".repeat(IpcOffer.MAX_MESSAGE_BYTES));

    assertThatThrownBy(() -> IpcOffer.fromMessage(message))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("ipc_offer of \\d+ bytes exceeds 1024");
  }

  @Test
  void everyMalformedFieldIsNamed() {
    ControlMessage message = valid();
    message.body().put("ipc", 2).put("gpu", -1).put("uuid", "GPU 0; rm -rf").put("handle", "AAAA");
    message.body().put("bytes", (1L << 30) + 1).put("of", 65).remove("seed");

    assertThatThrownBy(() -> IpcOffer.fromMessage(message))
        .hasMessage(
            "ipc_offer: field ipc is 2, want 1; field gpu is -1, want a whole number 0..1023; "
                + "field uuid wants 1..64 letters, digits or '-' (a GPU UUID); "
                + "field bytes is 1073741825, want a whole number 1..1073741824; "
                + "field seed missing, want a whole number -9223372036854775808..9223372036854775807; "
                + "field of is 65, want a whole number 1..64; "
                + "field handle wants 64 bytes of base64, got 3 bytes");
  }

  @Test
  void textWhereANumberBelongsAndBadBase64AreRefused() {
    ControlMessage message = valid();
    message.body().put("bytes", "4194304").put("handle", "not base64!");

    assertThatThrownBy(() -> IpcOffer.fromMessage(message))
        .hasMessageContaining("field bytes is \"4194304\", want a whole number")
        .hasMessageContaining("field handle wants 64 bytes of base64, got no base64");
  }

  @Test
  void theSenderKeepsTheSameLimits() {
    IpcOffer tooLarge = new IpcOffer(0, UUID, (1L << 30) + 1, 1, handle());

    assertThatThrownBy(() -> tooLarge.toMessage(1)).hasMessageContaining("field bytes");
    IpcOffer longUuid = new IpcOffer(0, "GPU-" + "a".repeat(100), 64, 1, handle());
    assertThatThrownBy(() -> longUuid.toMessage(1)).hasMessageContaining("field uuid");
  }

  @Test
  void onlyAnIpcOfferIsReadAsOne() {
    assertThatThrownBy(() -> IpcOffer.fromMessage(ControlMessage.of(MessageType.IPC_DONE)))
        .hasMessage("expected ipc_offer, got ipc_done");
  }

  @Test
  void theOfferKeepsItsOwnCopyOfTheHandle() {
    byte[] bytes = handle();
    IpcOffer offer = new IpcOffer(0, "GPU-x", 64, 1, bytes);
    bytes[0] = 42;
    offer.handle()[1] = 42;

    assertThat(offer.handle()).isEqualTo(handle());
  }
}
