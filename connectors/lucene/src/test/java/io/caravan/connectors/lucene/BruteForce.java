package io.caravan.connectors.lucene;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.SmallFloat;

/**
 * The oracle of the randomised tests: scores every chunk the slow, obvious way, from its own copy
 * of what was indexed. BM25 follows the textbook formula with Lucene 9's choices: idf = ln(1 + (N
 * - n + 0.5) / (n + 0.5)), no (k1 + 1) factor, and document lengths rounded the way Lucene's norms
 * store them (one byte, {@link SmallFloat#intToByte4}).
 */
final class BruteForce {

  /** What the oracle remembers of one indexed chunk. */
  record Chunk(Passage passage, List<String> tokens, double[] unitVector) {}

  private final List<Chunk> chunks = new ArrayList<>();
  private final Analyzer analyzer;

  BruteForce(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  void add(Passage p, float[] vector) {
    chunks.add(new Chunk(p, tokens(analyzer, IndexFields.body(p.title(), p.text())), unit(vector)));
  }

  /** The tokens {@code analyzer} makes of {@code text} in the body field, in order, repeats kept. */
  static List<String> tokens(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(IndexFields.BODY, text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(t.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** BM25 of every chunk that passes the filters and contains a query term. Assumes no deletions. */
  Map<String, Double> bm25(String query, Map<String, String> filters, Bm25Settings s) {
    Map<String, Integer> queryTerms = new LinkedHashMap<>();
    tokens(analyzer, query).forEach(t -> queryTerms.merge(t, 1, Integer::sum));
    long n = chunks.stream().filter(c -> !c.tokens().isEmpty()).count();
    long total = chunks.stream().mapToLong(c -> c.tokens().size()).sum();
    float avgdl = (float) (total / (double) n);
    Map<String, Double> scores = new HashMap<>();
    queryTerms.forEach(
        (term, count) -> {
          long df = chunks.stream().filter(c -> c.tokens().contains(term)).count();
          if (df == 0) {
            return;
          }
          float idf = (float) Math.log(1 + (n - df + 0.5D) / (df + 0.5D));
          float weight = count * idf;
          for (Chunk c : chunks) {
            long tf = c.tokens().stream().filter(term::equals).count();
            if (tf == 0 || !passes(c, filters)) {
              continue;
            }
            int dl = SmallFloat.byte4ToInt(SmallFloat.intToByte4(c.tokens().size()));
            double tfPart = tf / (tf + s.k1() * ((1 - s.b()) + s.b() * dl / avgdl));
            scores.merge(c.passage().chunkId(), weight * tfPart, Double::sum);
          }
        });
    return scores;
  }

  /** Cosine similarity of every chunk that passes the filters. */
  Map<String, Double> cosine(float[] query, Map<String, String> filters) {
    double[] q = unit(query);
    Map<String, Double> scores = new HashMap<>();
    for (Chunk c : chunks) {
      if (passes(c, filters)) {
        double dot = 0;
        for (int i = 0; i < q.length; i++) {
          dot += q[i] * c.unitVector()[i];
        }
        scores.put(c.passage().chunkId(), dot);
      }
    }
    return scores;
  }

  long count(Map<String, String> filters) {
    return chunks.stream().filter(c -> passes(c, filters)).count();
  }

  /** Reciprocal rank fusion of the given lists, ranks from 1. */
  static Map<String, Double> rrf(Map<String, List<Candidate>> lists, int rankConstant) {
    Map<String, Double> fused = new HashMap<>();
    lists.values()
        .forEach(
            list -> {
              for (int i = 0; i < list.size(); i++) {
                fused.merge(list.get(i).chunkId(), 1.0 / (rankConstant + i + 1), Double::sum);
              }
            });
    return fused;
  }

  /** Weighted sum of min-max normalised scores; an all-equal list gives each of its chunks its full weight. */
  static Map<String, Double> interpolate(Map<String, List<Candidate>> lists, Map<String, Double> weights) {
    Map<String, Double> fused = new HashMap<>();
    lists.forEach(
        (name, list) -> {
          double min = list.stream().mapToDouble(Candidate::score).min().orElse(0);
          double max = list.stream().mapToDouble(Candidate::score).max().orElse(0);
          for (Candidate c : list) {
            double norm = max > min ? (c.score() - min) / (max - min) : 1;
            fused.merge(c.chunkId(), weights.get(name) * norm, Double::sum);
          }
        });
    return fused;
  }

  private static boolean passes(Chunk c, Map<String, String> filters) {
    return filters.entrySet().stream().allMatch(f -> f.getValue().equals(c.passage().metadata().get(f.getKey())));
  }

  private static double[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / Math.sqrt(sum);
    }
    return out;
  }
}
