package io.caravan.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * An encoder with a stand-in: the primary encodes (a model on a server, say) and, when it fails
 * recoverably by {@code fallback}'s rule, the secondary encodes the same texts instead (the same
 * weights in-process). Both must produce the same vectors ({@link EncoderInfo}), so an index built
 * with either is queried with the other and a fallback changes latency, never results.
 *
 * <p>Cost when the primary answers: one try block.
 */
public final class FallbackEncoder implements Encoder {

  private final Encoder primary;
  private final Encoder secondary;
  private final Fallback fallback;

  /** @throws IllegalArgumentException when the secondary produces other vectors than the primary */
  public FallbackEncoder(Encoder primary, Encoder secondary, Fallback fallback) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.secondary = Objects.requireNonNull(secondary, "secondary");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    if (!secondary.info().equals(primary.info())) {
      throw new IllegalArgumentException("fallback encoder " + secondary.info() + " does not produce the vectors of " + primary.info());
    }
  }

  @Override
  public EncoderInfo info() {
    return primary.info();
  }

  @Override
  public float[] encodeQuery(String text) {
    Encoder.checkQuery(text);
    return fallback.call(() -> primary.encodeQuery(text), () -> secondary.encodeQuery(text), 1);
  }

  @Override
  public List<float[]> encodeAll(List<String> texts) {
    Encoder.checkTexts(texts);
    return fallback.call(() -> primary.encodeAll(texts), () -> secondary.encodeAll(texts), texts.size());
  }

  /** Calls of {@link #encodeQuery} and {@link #encodeAll} the secondary served. */
  public long fallbacks() {
    return fallback.count();
  }

  @Override
  public String toString() {
    return "FallbackEncoder(" + primary + ", else " + secondary + ")";
  }
}
