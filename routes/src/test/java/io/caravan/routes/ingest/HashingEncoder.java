package io.caravan.routes.ingest;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TEST IMPLEMENTATION of the {@link Encoder} SPI for testing the ingestion pipeline's logic without
 * loading a model: a deterministic bag-of-words vector (each lower-cased word hashed into one of
 * {@value #DIMENSION} buckets), L2-normalised as the SPI requires. Texts containing the poison word
 * given to the constructor make {@link #encodeAll} throw, to exercise the pipeline's failure path.
 * Records every batch it was called with.
 */
final class HashingEncoder implements Encoder {

  static final int DIMENSION = 64;

  private final String poison;
  private final List<List<String>> calls = new ArrayList<>();

  HashingEncoder() {
    this(null);
  }

  HashingEncoder(String poison) {
    this.poison = poison;
  }

  @Override
  public EncoderInfo info() {
    return new EncoderInfo("test-hashing-bag-of-words", DIMENSION);
  }

  @Override
  public float[] encodeQuery(String text) {
    return vector(text);
  }

  @Override
  public synchronized List<float[]> encodeAll(List<String> texts) {
    calls.add(List.copyOf(texts));
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      if (poison != null && t.contains(poison)) {
        throw new IllegalStateException("cannot encode text containing " + poison);
      }
      out.add(vector(t));
    }
    return out;
  }

  synchronized List<List<String>> calls() {
    return List.copyOf(calls);
  }

  synchronized List<String> encodedTexts() {
    return calls.stream().flatMap(List::stream).toList();
  }

  private static float[] vector(String text) {
    float[] v = new float[DIMENSION];
    for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
      if (!word.isEmpty()) {
        v[Math.floorMod(word.hashCode(), DIMENSION)] += 1f;
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      v[0] = 1f;
      return v;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
