package io.caravan.testing;

import io.caravan.core.Vectors;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TEST IMPLEMENTATION of the {@link Encoder} SPI, for tests of the index, the retrievers and the
 * ingestion pipeline that must not load a neural model: feature hashing of lower-cased words into a
 * signed bag-of-words vector, L2-normalised as the SPI requires. Texts sharing words get similar
 * vectors, which is all those tests rely on; it is no stand-in for the ONNX encoder's quality, and no
 * test measures quality with it. A {@linkplain #poisoned poisoned} encoder fails on texts containing
 * a chosen word, to exercise failure paths; every batch is recorded.
 */
public final class HashingEncoder implements Encoder {

  /** The dimension of {@link #HashingEncoder()}. */
  public static final int DIMENSION = 64;

  private final EncoderInfo info;
  private final String poison;
  private final List<List<String>> calls = new ArrayList<>();

  public HashingEncoder() {
    this(DIMENSION);
  }

  public HashingEncoder(int dimension) {
    this(dimension, null);
  }

  private HashingEncoder(int dimension, String poison) {
    this.info = new EncoderInfo("test-feature-hashing", dimension);
    this.poison = poison;
  }

  /** An encoder whose {@link #encodeAll} throws for any batch holding a text with {@code word}. */
  public static HashingEncoder poisoned(String word) {
    return new HashingEncoder(DIMENSION, word);
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public float[] encodeQuery(String text) {
    return encode(text);
  }

  @Override
  public synchronized List<float[]> encodeAll(List<String> texts) {
    calls.add(List.copyOf(texts));
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      if (poison != null && t.contains(poison)) {
        throw new IllegalStateException("cannot encode text containing " + poison);
      }
      out.add(encode(t));
    }
    return out;
  }

  /** Every batch {@link #encodeAll} was called with, in order. */
  public synchronized List<List<String>> calls() {
    return List.copyOf(calls);
  }

  /** Every text {@link #encodeAll} was called with, in order. */
  public synchronized List<String> encodedTexts() {
    return calls.stream().flatMap(List::stream).toList();
  }

  private float[] encode(String text) {
    float[] v = new float[info.dimension()];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        int h = fnv1a(word);
        v[Math.floorMod(h, v.length)] += (h & 0x40000000) == 0 ? 1 : -1;
      }
    }
    if (Vectors.norm(v) == 0) {
      v[0] = 1; // a text without words still needs a direction
    }
    return Vectors.normalize(v, norm -> new IllegalStateException("a hashed vector of norm " + norm));
  }

  private static int fnv1a(String s) {
    int h = 0x811c9dc5;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return h;
  }
}
