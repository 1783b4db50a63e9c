package io.caravan.policies.iteration;

import io.caravan.core.AttributeKey;
import io.caravan.core.Candidate;
import io.caravan.core.RagState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The notes an iterative retrieve-generate loop keeps across its rounds (Adaptive-Note's "notes",
 * Iter-RetGen's accumulated evidence): the original question and, per round, the ranking it
 * retrieved, how much new evidence that added and the answer it produced. Immutable: each round
 * makes a new value, stored in the state under {@link #KEY}.
 *
 * <p>The evidence a round adds is measured on documents, not chunks: {@code gain} is the share of
 * the round's top {@code evidenceDepth} documents that no earlier round had in its top {@code
 * evidenceDepth}. The final ranking ({@link #merged}) interleaves the rounds' rankings: a chunk
 * scores its best reciprocal rank over the rounds (1 / (60 + rank)), ties going to the earlier round.
 * Summing instead (plain RRF) would rank every chunk two rounds both found above a paragraph that
 * only the second round found at rank 3, and that paragraph is the second hop the loop is for.
 */
public record IterationNotes(String question, List<Round> rounds) {

  public static final AttributeKey<IterationNotes> KEY = AttributeKey.of("iteration.notes", IterationNotes.class);
  static final int RRF_K = 60;

  /**
   * One round.
   *
   * @param ranking the round's candidates as retrieval and reranking left them (at most the query's k)
   * @param newDocuments documents in the round's evidence window that no earlier round had there
   * @param gain {@code newDocuments} over the window's size (1 for the first non-empty round)
   * @param answer the round's answer text (empty when it gave none)
   * @param stability word overlap (Jaccard) of this round's answer with the previous one; 0 in round 1
   */
  public record Round(List<Candidate> ranking, int newDocuments, double gain, String answer, double stability) {
    public Round {
      ranking = List.copyOf(ranking);
      answer = answer == null ? "" : answer;
    }
  }

  public IterationNotes {
    Objects.requireNonNull(question, "question");
    rounds = List.copyOf(rounds);
  }

  /**
   * The loop's notes in {@code state}, for a step that can only run after the notes step.
   *
   * @throws IllegalStateException naming {@code step} when the notes step has not run
   */
  public static IterationNotes of(RagState state, String step) {
    return state.get(KEY).orElseThrow(() -> new IllegalStateException("step " + step + " needs the loop's notes: run the notes step first"));
  }

  public static IterationNotes start(String question) {
    return new IterationNotes(question, List.of());
  }

  /** These notes with one more round recorded. */
  public IterationNotes add(List<Candidate> ranking, String answer, int evidenceDepth) {
    if (evidenceDepth < 1) {
      throw new IllegalArgumentException("evidenceDepth must be positive, was " + evidenceDepth);
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Round r : rounds) {
      seen.addAll(topDocuments(r.ranking(), evidenceDepth));
    }
    List<String> window = topDocuments(ranking, evidenceDepth);
    int fresh = 0;
    for (String d : window) {
      if (!seen.contains(d)) {
        fresh++;
      }
    }
    double gain = window.isEmpty() ? 0 : fresh / (double) window.size();
    double stability = rounds.isEmpty() ? 0 : jaccard(words(rounds.get(rounds.size() - 1).answer()), words(answer));
    List<Round> next = new ArrayList<>(rounds);
    next.add(new Round(ranking, fresh, gain, answer, stability));
    return new IterationNotes(question, next);
  }

  public int roundCount() {
    return rounds.size();
  }

  public Round last() {
    if (rounds.isEmpty()) {
      throw new IllegalStateException("no round recorded yet");
    }
    return rounds.get(rounds.size() - 1);
  }

  /** Distinct documents in the notes (every round's whole ranking). */
  public int documentCount() {
    Set<String> docs = new LinkedHashSet<>();
    for (Round r : rounds) {
      for (Candidate c : r.ranking()) {
        docs.add(c.docId());
      }
    }
    return docs.size();
  }

  /** All rounds' candidates fused by reciprocal rank (stage {@code notes}), best first, at most {@code limit}. */
  public List<Candidate> merged(int limit) {
    Map<String, Double> fused = new HashMap<>();
    Map<String, Candidate> byChunk = new LinkedHashMap<>();
    for (Round r : rounds) {
      List<Candidate> ranking = r.ranking();
      for (int i = 0; i < ranking.size(); i++) {
        Candidate c = ranking.get(i);
        fused.merge(c.chunkId(), 1.0 / (RRF_K + i + 1), Math::max);
        byChunk.putIfAbsent(c.chunkId(), c);
      }
    }
    List<Candidate> out = new ArrayList<>(byChunk.size());
    for (Candidate c : byChunk.values()) {
      out.add(c.withScore("notes", fused.get(c.chunkId())));
    }
    // stable sort: ties keep first-seen order (earlier round, better rank)
    out.sort(Comparator.comparingDouble(Candidate::score).reversed());
    return out.subList(0, Math.min(limit, out.size()));
  }

  private static List<String> topDocuments(List<Candidate> ranking, int n) {
    Set<String> docs = new LinkedHashSet<>();
    for (Candidate c : ranking) {
      if (docs.size() == n) {
        break;
      }
      docs.add(c.docId());
    }
    return List.copyOf(docs);
  }

  static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    int both = 0;
    for (String s : a) {
      if (b.contains(s)) {
        both++;
      }
    }
    return both / (double) (a.size() + b.size() - both);
  }
}
