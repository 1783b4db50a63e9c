package io.caravan.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A passage on its way through the stages of a query, with the score each stage gave it. {@code
 * score} is the score of the latest stage and the one lists are ordered by; {@code scores} keeps
 * every stage's score, in the order the stages ran (for example {@code bm25}, {@code dense},
 * {@code rrf}, {@code rerank}).
 */
public record Candidate(Passage passage, double score, Map<String, Double> scores) {

  /** Best score first; ties by chunk id, so a ranking never depends on the order its inputs came in. */
  public static final Comparator<Candidate> RANKING =
      Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::chunkId);

  public Candidate {
    Objects.requireNonNull(passage, "passage");
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores == null ? Map.of() : scores));
  }

  public static Candidate of(Passage passage, String stage, double score) {
    return new Candidate(passage, score, Map.of(stage, score));
  }

  /** This candidate scored by one more stage, which becomes its current score. */
  public Candidate withScore(String stage, double newScore) {
    Map<String, Double> next = new LinkedHashMap<>(scores);
    next.remove(stage); // keep stage order meaningful when a stage runs twice (loops)
    next.put(stage, newScore);
    return new Candidate(passage, newScore, next);
  }

  /** The {@code k} best of {@code scored} in {@link #RANKING} order. */
  public static List<Candidate> top(List<Candidate> scored, int k) {
    List<Candidate> out = new ArrayList<>(scored);
    out.sort(RANKING);
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  public String chunkId() {
    return passage.chunkId();
  }

  public String docId() {
    return passage.docId();
  }
}
