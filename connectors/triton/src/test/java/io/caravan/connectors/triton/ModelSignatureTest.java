package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSignatureTest {

  private final ModelSignature sig =
      new ModelSignature(
          "enc", List.of("1"), "python",
          List.of(new TensorSpec("input_ids", "INT64", List.of(-1L, -1L))),
          List.of(new TensorSpec("embedding", "FP32", List.of(-1L, 384L))));

  @Test
  void variableDimensionsMatchAnySize() {
    assertThatCode(() -> sig.require(new TensorSpec("input_ids", "INT64", List.of(-1L, 128L)), true)).doesNotThrowAnyException();
    assertThatCode(() -> sig.require(new TensorSpec("embedding", "FP32", List.of(-1L, 384L)), false)).doesNotThrowAnyException();
  }

  @Test
  void eachDifferenceIsNamed() {
    assertThatThrownBy(() -> sig.require(new TensorSpec("ids", "INT64", List.of(-1L, -1L)), true))
        .isInstanceOf(TritonException.class)
        .hasMessage("Triton model 'enc' has no input 'ids' (its inputs: [input_ids:INT64[-1, -1]])");
    assertThatThrownBy(() -> sig.require(new TensorSpec("input_ids", "INT32", List.of(-1L, -1L)), true))
        .hasMessage("Triton model 'enc' input 'input_ids' is INT64, expected INT32");
    assertThatThrownBy(() -> sig.require(new TensorSpec("embedding", "FP32", List.of(-1L, 768L)), false))
        .hasMessage("Triton model 'enc' output 'embedding' has shape [-1, 384], expected [-1, 768]");
    assertThatThrownBy(() -> sig.require(new TensorSpec("embedding", "FP32", List.of(384L)), false))
        .hasMessageContaining("has shape [-1, 384], expected [384]");
  }
}
