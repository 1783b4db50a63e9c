package io.caravan.core.spi;

import java.util.List;

/**
 * Turns text into a dense vector. Implementations return L2-normalised vectors so that dot product
 * equals cosine similarity; {@link #encodeAll} is the batched path ingestion uses.
 */
public interface Encoder {

  EncoderInfo info();

  /** Encodes a query. Encoders with asymmetric query/document prompts apply the query one here. */
  float[] encodeQuery(String text);

  /** Encodes documents in one batch; the result has one vector per input, in order. */
  List<float[]> encodeAll(List<String> texts);
}
