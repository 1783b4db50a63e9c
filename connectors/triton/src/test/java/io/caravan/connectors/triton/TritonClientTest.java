package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What needs no server: tensors, options, and the behaviour when nothing listens at the address. */
class TritonClientTest {

  @Test
  void tensorsAreLittleEndianRowMajorAndCheckTheirShape() {
    InputTensor t = InputTensor.int64("x", new long[] {2, 2}, new long[] {1, 2, 3, 258});
    ByteBuffer b = t.data().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getLong(3 * 8)).isEqualTo(258);
    assertThat(t.data().byteAt(3 * 8)).isEqualTo((byte) 2);
    assertThatThrownBy(() -> InputTensor.fp32("x", new long[] {2, 3}, new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape [2, 3] holds 6 values, got 5");
    OutputTensor o = new OutputTensor("y", "FP32", new long[] {1, 2}, InputTensor.fp32("y", new long[] {2}, new float[] {1.5f, -2f}).data());
    assertThat(o.floats()).containsExactly(1.5f, -2f);
    assertThatThrownBy(() -> new OutputTensor("y", "FP32", new long[] {1, 3}, o.data()).floats()).hasMessageContaining("came with 2 values");
  }

  @Test
  void optionsRefuseNonsense() {
    TritonOptions d = TritonOptions.defaults("localhost:8001");
    assertThatThrownBy(() -> d.withBatching(Duration.ofMillis(1), 0, 1)).hasMessage("maxBatch must be at least 1, was 0");
    assertThatThrownBy(() -> d.withTimeout(Duration.ZERO)).hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> new TritonClient("localhost")).hasMessageContaining("host:port");
  }

  @Test
  void nothingListeningIsUnavailableAndSaidAtStart() {
    try (TritonClient client = new TritonClient("127.0.0.1:1")) {
      assertThat(client.serverReady(Duration.ofSeconds(1))).isFalse();
      TritonOptions options = TritonOptions.defaults("127.0.0.1:1").withRetries(2, Duration.ofMillis(1));
      try (TritonEncoder encoder = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, options)) {
        TritonException t = catchThrowableOfType(TritonException.class, encoder::start);
        assertThat(t.kind()).isEqualTo(TritonException.Kind.UNAVAILABLE);
        assertThat(t).hasMessage("Triton at 127.0.0.1:1 is not reachable or not ready");

        TritonException call = catchThrowableOfType(TritonException.class, () -> encoder.encodeQuery("camels"));
        assertThat(call.kind()).isEqualTo(TritonException.Kind.UNAVAILABLE);
        assertThat(call.isTransient()).isTrue();
        assertThat(encoder.metrics().retries()).isEqualTo(1);
        assertThat(encoder.metrics().failures()).isEqualTo(2);
      }
    }
  }

  @Test
  void blankTextIsRefusedBeforeAnyCall() {
    try (TritonClient client = new TritonClient("127.0.0.1:1");
        TritonEncoder encoder = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, TritonOptions.defaults("127.0.0.1:1"))) {
      assertThatThrownBy(() -> encoder.encodeAll(List.of("fine", " \t"))).hasMessage("text at position 1 is null or blank");
      assertThatThrownBy(() -> encoder.encodeQuery("")).hasMessage("query text must not be null or blank");
      assertThat(encoder.metrics().failures()).isZero();
    }
  }
}
