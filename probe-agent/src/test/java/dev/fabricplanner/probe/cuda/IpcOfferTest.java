package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class IpcOfferTest {
  private static byte[] handle() {
    byte[] handle = new byte[64];
    for (int i = 0; i < handle.length; i++) {
      handle[i] = (byte) (i * 7 - 100);
    }
    return handle;
  }

  @Test
  void aLineRoundTripsEveryField() throws Exception {
    IpcOffer offer =
        new IpcOffer(
            3, "GPU-a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf", 4L << 20, 0xfeedbeefL, handle());

    IpcOffer back = IpcOffer.parse(offer.toLine(), "test");

    assertThat(back).isEqualTo(offer);
    assertThat(back.handle()).isEqualTo(handle());
    assertThat(offer.toLine())
        .startsWith("cuda-ipc/1 gpu=3 uuid=GPU-a0a1")
        .contains("crc32c=feedbeef");
  }

  @Test
  void aShortHandleIsOneClearProblem() {
    String line = "cuda-ipc/1 gpu=0 uuid=GPU-x bytes=64 crc32c=1 handle=AAAA";

    assertThatThrownBy(() -> IpcOffer.parse(line, "--offer"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--offer: field handle: wanted 64 bytes of base64, got 3");
  }

  @Test
  void missingFieldsAndForeignLinesAreNamed() {
    assertThatThrownBy(() -> IpcOffer.parse("cuda-ipc/1 gpu=0", "stdin"))
        .hasMessage("stdin: field handle is missing");
    assertThatThrownBy(() -> IpcOffer.parse("hello", "stdin"))
        .hasMessage("stdin: wanted a line starting 'cuda-ipc/1'");
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
