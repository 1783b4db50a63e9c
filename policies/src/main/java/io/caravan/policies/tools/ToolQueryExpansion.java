package io.caravan.policies.tools;

import io.caravan.core.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded form of QTA's idea (align the query with the tools' language before retrieving):
 * relevance-model feedback (RM3) over the descriptions of the tools a first pass ranked highest.
 * Each of the top {@code feedbackTools} descriptions votes for its terms with weight {@code 1/rank}
 * times the term's share of the description times its idf over the catalogue; the {@code terms}
 * best terms the query does not already hold are appended to it. The vocabulary comes from tool
 * descriptions only, so nothing is learned from evaluation queries or their labels.
 *
 * <p>Cost: one pass over {@code feedbackTools} descriptions; pure, no I/O.
 */
public record ToolQueryExpansion(int feedbackTools, int terms) {

  public ToolQueryExpansion {
    if (feedbackTools < 1) {
      throw new IllegalArgumentException("feedbackTools must be at least 1, was " + feedbackTools);
    }
    if (terms < 1) {
      throw new IllegalArgumentException("terms must be at least 1, was " + terms);
    }
  }

  public static final ToolQueryExpansion DEFAULT = new ToolQueryExpansion(3, 8);

  /** The query with the borrowed terms and the terms themselves, best first. */
  public record Expansion(String text, List<String> added) {
    public Expansion {
      added = List.copyOf(added);
    }
  }

  public Expansion expand(String query, List<Candidate> firstPass, ToolVocabulary vocabulary) {
    Set<String> have = new HashSet<>(ToolVocabulary.terms(query));
    Map<String, Double> weight = new HashMap<>();
    int n = Math.min(feedbackTools, firstPass.size());
    for (int r = 0; r < n; r++) {
      List<String> doc = ToolVocabulary.terms(firstPass.get(r).passage().text());
      if (doc.isEmpty()) {
        continue;
      }
      Map<String, Integer> tf = new HashMap<>();
      doc.forEach(t -> tf.merge(t, 1, Integer::sum));
      double rankWeight = 1.0 / (r + 1);
      for (Map.Entry<String, Integer> e : tf.entrySet()) {
        if (!have.contains(e.getKey())) {
          weight.merge(e.getKey(), rankWeight * e.getValue() / doc.size() * vocabulary.idf(e.getKey()), Double::sum);
        }
      }
    }
    List<Map.Entry<String, Double>> ranked = new ArrayList<>(weight.entrySet());
    // ties by term, so the same input always gives the same rewrite
    ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> added = new ArrayList<>();
    for (int i = 0; i < Math.min(terms, ranked.size()); i++) {
      added.add(ranked.get(i).getKey());
    }
    return new Expansion(added.isEmpty() ? query : query + " " + String.join(" ", added), added);
  }
}
