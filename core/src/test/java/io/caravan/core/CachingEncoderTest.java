package io.caravan.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.spi.CachingEncoder;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingEncoderTest {

  /** Counts its calls; a vector per text from the text's length, enough to tell texts apart. */
  private static final class CountingEncoder implements Encoder {
    final List<String> seen = new ArrayList<>();

    @Override
    public EncoderInfo info() {
      return new EncoderInfo("counting", 2);
    }

    @Override
    public float[] encodeQuery(String text) {
      seen.add(text);
      return new float[] {text.length(), 1};
    }

    @Override
    public List<float[]> encodeAll(List<String> texts) {
      seen.addAll(texts);
      return texts.stream().map(t -> new float[] {t.length(), 0}).toList();
    }
  }

  @Test
  void encodesEachRecentQueryOnceAndEvictsTheLeastRecent() {
    CountingEncoder inner = new CountingEncoder();
    CachingEncoder enc = new CachingEncoder(inner, 2);
    enc.encodeQuery("a");
    enc.encodeQuery("bb");
    enc.encodeQuery("a"); // hit; "bb" is now the least recent
    enc.encodeQuery("ccc"); // evicts "bb"
    enc.encodeQuery("a"); // hit
    enc.encodeQuery("bb"); // miss
    assertThat(inner.seen).containsExactly("a", "bb", "ccc", "bb");
  }

  @Test
  void returnsCopiesAndPassesDocumentsThrough() {
    CountingEncoder inner = new CountingEncoder();
    CachingEncoder enc = new CachingEncoder(inner, 8);
    enc.encodeQuery("abc")[0] = 99;
    assertThat(enc.encodeQuery("abc")[0]).isEqualTo(3f);
    enc.encodeAll(List.of("x", "x"));
    enc.encodeAll(List.of("x"));
    assertThat(inner.seen).containsExactly("abc", "x", "x", "x");
    assertThat(enc.info()).isEqualTo(inner.info());
  }
}
