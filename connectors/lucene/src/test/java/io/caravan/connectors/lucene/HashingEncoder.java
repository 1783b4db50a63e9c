package io.caravan.connectors.lucene;

import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A real, deterministic encoder for testing the index without loading a neural model: feature
 * hashing of lower-cased words into a signed bag-of-words vector, L2-normalised. Texts sharing
 * words get similar vectors, which is all the index and the retrievers rely on; it is not a stand-in
 * for the ONNX encoder's quality, and no test here measures quality.
 */
final class HashingEncoder implements Encoder {

  private final EncoderInfo info;

  HashingEncoder(int dimension) {
    this.info = new EncoderInfo("test-feature-hashing", dimension);
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
  public List<float[]> encodeAll(List<String> texts) {
    return texts.stream().map(this::encode).toList();
  }

  private float[] encode(String text) {
    float[] v = new float[info.dimension()];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        int h = fnv1a(word);
        v[Math.floorMod(h, v.length)] += (h & 0x40000000) == 0 ? 1 : -1;
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      v[0] = 1; // a text without words still needs a direction
      return v;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / Math.sqrt(norm));
    }
    return v;
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
