package io.caravan.core.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers the vectors of recent queries, so that stages of one query that each need the query
 * vector (dense retrieval, a reranker's features, a policy) pay for one encoding, not one each.
 * Documents pass through uncached: ingestion never repeats them.
 *
 * <p>Cost: one synchronized map lookup per query; memory {@code capacity * dimension * 4} bytes.
 * Returned vectors are copies, so a caller that changes one cannot poison the cache.
 */
public final class CachingEncoder implements Encoder {

  private final Encoder delegate;
  private final Map<String, float[]> recent;

  public CachingEncoder(Encoder delegate, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.delegate = delegate;
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public EncoderInfo info() {
    return delegate.info();
  }

  @Override
  public float[] encodeQuery(String text) {
    float[] v;
    synchronized (recent) {
      v = recent.get(text);
    }
    if (v == null) {
      v = delegate.encodeQuery(text); // outside the lock: two threads may encode the same text once each
      synchronized (recent) {
        recent.put(text, v);
      }
    }
    return v.clone();
  }

  @Override
  public List<float[]> encodeAll(List<String> texts) {
    return delegate.encodeAll(texts);
  }

  @Override
  public String toString() {
    return "CachingEncoder(" + delegate + ")";
  }
}
