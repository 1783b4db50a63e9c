package io.caravan.connectors.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.caravan.core.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a returned top-k list with brute-force scores of every eligible chunk, tolerating ties:
 * which of several equally scored chunks makes the cut is up to the engine, but every returned
 * score must be the chunk's true score and the i-th returned score the i-th best true score, so no
 * better chunk can have been missed.
 */
final class TopKCheck {

  private TopKCheck() {}

  static void assertTopK(String what, List<Candidate> actual, Map<String, Double> expected, int k, double tolerance) {
    List<Double> best = new ArrayList<>(expected.values());
    best.sort(Comparator.reverseOrder());
    assertThat(actual).as("%s: size", what).hasSize(Math.min(k, expected.size()));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < actual.size(); i++) {
      Candidate c = actual.get(i);
      assertThat(seen.add(c.chunkId())).as("%s: %s returned twice", what, c.chunkId()).isTrue();
      assertThat(expected).as("%s: %s is not eligible", what, c.chunkId()).containsKey(c.chunkId());
      double tol = tolerance * Math.max(1, Math.abs(expected.get(c.chunkId())));
      assertThat(c.score()).as("%s: score of %s at rank %d", what, c.chunkId(), i + 1).isCloseTo(expected.get(c.chunkId()), offset(tol));
      assertThat(c.score()).as("%s: rank %d holds the %d-th best score", what, i + 1, i + 1).isCloseTo(best.get(i), offset(tol));
    }
  }
}
