package io.caravan.connectors.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the real bundled models (fp32 and int8), each loaded once for the class: loading is the
 * expensive part (~0.3-2 s), encoding a handful of sentences is milliseconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InProcessEncoderTest {

  private static final List<String> TEXTS =
      List.of(
          "Paris is the capital and largest city of France.",
          "The mitochondrion is the powerhouse of the cell.",
          "Water boils at 100 degrees Celsius at sea level.",
          "Der Eiffelturm steht in Paris.",
          "A short one.",
          "Photosynthesis converts light energy into chemical energy stored in glucose.",
          "Interest rates were raised by the central bank to fight inflation.");

  private InProcessEncoder fp32;
  private InProcessEncoder int8;
  private ExecutorService pool;

  @BeforeAll
  void load() {
    fp32 = new InProcessEncoder(EncoderVariant.FP32);
    int8 = new InProcessEncoder(EncoderVariant.INT8);
    assertThat(fp32.isLoaded()).isFalse();
    assertThat(fp32.info().dimension()).isEqualTo(384); // info needs no model
    assertThat(fp32.isLoaded()).isFalse();
    fp32.load();
    int8.load();
    assertThat(fp32.isLoaded()).isTrue();
    assertThat(fp32.load()).isZero();
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void bothVariantsGiveUnitVectorsOfDimension384UnderDistinctModelIds() {
    assertThat(fp32.info().modelId()).isEqualTo("all-minilm-l6-v2");
    assertThat(int8.info().modelId()).isEqualTo("all-minilm-l6-v2-q");
    for (InProcessEncoder encoder : List.of(fp32, int8)) {
      for (float[] v : encoder.encodeAll(TEXTS)) {
        assertThat(v).hasSize(384);
        assertThat(norm(v)).isCloseTo(1.0, offset(1e-5));
      }
      float[] q = encoder.encodeQuery("capital of France");
      assertThat(q).hasSize(encoder.info().dimension());
      assertThat(norm(q)).isCloseTo(1.0, offset(1e-5));
    }
  }

  @Test
  void relatedSentencesScoreHigherThanUnrelatedOnes() {
    for (InProcessEncoder encoder : List.of(fp32, int8)) {
      float[] query = encoder.encodeQuery("What is the capital of France?");
      List<float[]> docs = encoder.encodeAll(TEXTS);
      double paris = dot(query, docs.get(0));
      for (int i = 1; i < docs.size(); i++) {
        if (i != 3) { // the Eiffel tower one is related too
          assertThat(paris).as("%s vs %s", TEXTS.get(0), TEXTS.get(i)).isGreaterThan(dot(query, docs.get(i)) + 0.2);
        }
      }
      float[] cell = encoder.encodeQuery("Which organelle produces energy in cells?");
      assertThat(dot(cell, docs.get(1))).isGreaterThan(dot(cell, docs.get(0))).isGreaterThan(0.4);
    }
  }

  @Test
  void int8AgreesWithFp32OnEveryText() {
    List<float[]> a = fp32.encodeAll(TEXTS);
    List<float[]> b = int8.encodeAll(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(dot(a.get(i), b.get(i))).as(TEXTS.get(i)).isGreaterThan(0.9).isLessThan(0.99999);
    }
  }

  @Test
  void batchedEncodingKeepsOrderAndMatchesSingleTextEncoding() {
    // batch size 3 over 7 texts: two full batches and a partial one; a pool runs each batch's texts
    // concurrently, so order is only kept if the encoder keeps it
    InProcessEncoder batched = new InProcessEncoder(EncoderVariant.FP32, 3, pool);
    List<String> texts = new ArrayList<>(TEXTS);
    texts.add(TEXTS.get(0)); // a repeat must give the same vector at both positions
    List<float[]> all = batched.encodeAll(texts);
    assertThat(all).hasSize(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      float[] single = fp32.encodeQuery(texts.get(i));
      assertThat(dot(all.get(i), single)).as(texts.get(i)).isGreaterThan(0.9999);
      if (i > 0) {
        assertThat(dot(all.get(i), all.get(i - 1))).isLessThan(0.99); // neighbours differ: no shift
      }
    }
    assertThat(batched.encodeAll(List.of())).isEmpty();
  }

  @Test
  void blankTextIsRejectedWithItsPositionBeforeAnythingIsEncoded() {
    assertThatThrownBy(() -> fp32.encodeAll(Arrays.asList("fine", "also fine", " \t\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 2");
    assertThatThrownBy(() -> fp32.encodeAll(Arrays.asList("fine", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 1");
    assertThatThrownBy(() -> fp32.encodeQuery("\u0000")).isInstanceOf(IllegalArgumentException.class);
    // not blank to Java, but no word piece either: refused with its position before LangChain4j sees it
    assertThatThrownBy(() -> fp32.encodeAll(List.of("fine", "\u200B\u200B")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text at position 1 has no visible character");
    assertThatThrownBy(() -> fp32.encodeQuery("\u00a0\ufeff")).hasMessageStartingWith("query text has no visible character");
  }

  @Test
  void variantsParseFromConfigurationText() {
    assertThat(EncoderVariant.parse("fp32")).isEqualTo(EncoderVariant.FP32);
    assertThat(EncoderVariant.parse(" INT8 ")).isEqualTo(EncoderVariant.INT8);
    assertThatThrownBy(() -> EncoderVariant.parse("fp16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fp16'")
        .hasMessageContaining("fp32, int8");
    assertThatThrownBy(() -> EncoderVariant.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InProcessEncoder(EncoderVariant.FP32, 0, Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }
}
