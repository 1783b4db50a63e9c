package io.caravan.connectors.lucene.rerank;

import io.caravan.connectors.lucene.AccessFilter;
import io.caravan.connectors.lucene.BagOfWords;
import io.caravan.connectors.lucene.IndexFields;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.Vectors;
import io.caravan.core.spi.Encoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * The lexical and dense evidence {@link LearnedFusionReranker} weighs, recomputed exactly for every
 * candidate whichever first-stage list it came from: a hybrid candidate found only by BM25 has no
 * dense score and vice versa, and an HNSW score is approximate.
 *
 * <p>Features, in {@link #NAMES} order: BM25 over the chunk body (divided by the list's best, and
 * {@code ln(1 + s)}); dense cosine (raw, and minus the list's best); the log of the candidate's rank
 * by BM25 and by cosine within the list; the IDF-weighted share of distinct query terms found in the
 * body and in the title; the log of its rank in the incoming (first-stage) order.
 *
 * <p>Strategy and cost per call, for n candidates: one query encoding (the dominant cost in-process,
 * a few ms), one BM25 query and one {@link LuceneIndex#knnQuery} each restricted to the n chunk ids (the kNN is then
 * exact, since Lucene searches exhaustively when the filter matches no more than k documents), one
 * filtered term query per distinct query term, and the analysis of n titles. No document text is
 * re-analysed and no vector is read outside Lucene's own scoring.
 */
public final class FusionFeatures {

  public static final List<String> NAMES =
      List.of(
          "bm25_rel", "bm25_log", "cosine", "cosine_gap", "bm25_rank_log", "cosine_rank_log",
          "body_coverage", "title_coverage", "input_rank_log");

  private final LuceneIndex index;
  private final Encoder encoder;

  public FusionFeatures(LuceneIndex index, Encoder encoder) {
    this.index = Objects.requireNonNull(index, "index");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    if (!encoder.info().equals(index.encoderInfo())) {
      throw new IllegalArgumentException(
          "encoder " + encoder.info() + " is not the one the index was built with: " + index.encoderInfo());
    }
  }

  /** One feature row per candidate, in the candidates' order; rows have {@link #NAMES}{@code .size()} values. */
  public List<double[]> extract(Query query, List<Candidate> candidates) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(candidates, "candidates");
    int n = candidates.size();
    if (n == 0) {
      return List.of();
    }
    Map<String, Integer> position = new HashMap<>();
    List<BytesRef> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = candidates.get(i).chunkId();
      if (position.putIfAbsent(id, i) == null) {
        ids.add(new BytesRef(id));
      }
    }
    // a chunk id names one chunk per tenant: the candidates' own are those the query's access sees
    TermInSetQuery candidateIds = new TermInSetQuery(IndexFields.CHUNK_ID, ids);
    Analyzer analyzer = index.analyzer();
    Set<String> terms = analyse(analyzer, query.text());
    float[] vector = unit(encoder.encodeQuery(query.text()));

    double[] bm25 = new double[n];
    double[] cosine = new double[n];
    Arrays.fill(cosine, -1); // a chunk missing from the index (deleted since) gets the worst similarity
    double[] bodyCoverage = new double[n];
    Map<String, Double> idf = new LinkedHashMap<>();
    index.withSearcher(
        s -> {
          org.apache.lucene.search.Query only = AccessFilter.restrict(LuceneIndex.TermPresence.of(s), candidateIds, Map.of(), query.access());
          Map<Integer, Integer> docToCandidate = new HashMap<>();
          TopDocs all = s.search(only, Math.max(1, ids.size()));
          for (ScoreDoc sd : all.scoreDocs) {
            String id = s.storedFields().document(sd.doc, Set.of(IndexFields.CHUNK_ID)).get(IndexFields.CHUNK_ID);
            docToCandidate.put(sd.doc, position.get(id));
          }
          int k = Math.max(1, docToCandidate.size());
          Optional<org.apache.lucene.search.Query> bag = BagOfWords.build(analyzer, IndexFields.BODY, query.text(), 1000);
          if (bag.isPresent()) {
            fill(s, restricted(bag.get(), only), k, docToCandidate, bm25, x -> x);
          }
          // matched by Lucene doc id: the exact kNN over the candidates loads no stored passage
          fill(s, LuceneIndex.knnQuery(vector, k, only), k, docToCandidate, cosine, LuceneIndex::cosine);
          int docs = Math.max(1, s.getIndexReader().numDocs());
          for (String t : terms) {
            int df = s.getIndexReader().docFreq(new Term(IndexFields.BODY, t));
            idf.put(t, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
          }
          double total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
          if (total > 0) {
            for (Map.Entry<String, Double> e : idf.entrySet()) {
              double[] hit = new double[n];
              fill(s, restricted(new TermQuery(new Term(IndexFields.BODY, e.getKey())), only), k, docToCandidate, hit, x -> 1);
              for (int i = 0; i < n; i++) {
                bodyCoverage[i] += hit[i] * e.getValue() / total;
              }
            }
          }
          return null;
        });
    // duplicates of a chunk id in the input share the first one's scores
    for (int i = 0; i < n; i++) {
      int first = position.get(candidates.get(i).chunkId());
      bm25[i] = bm25[first];
      cosine[i] = cosine[first];
      bodyCoverage[i] = bodyCoverage[first];
    }
    double totalIdf = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    double maxBm25 = Arrays.stream(bm25).max().orElse(0);
    double maxCosine = Arrays.stream(cosine).max().orElse(0);
    double[] bm25Rank = ranks(bm25);
    double[] cosineRank = ranks(cosine);
    List<double[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double title = 0;
      if (totalIdf > 0) {
        Set<String> titleTerms = analyse(analyzer, candidates.get(i).passage().title());
        for (Map.Entry<String, Double> e : idf.entrySet()) {
          if (titleTerms.contains(e.getKey())) {
            title += e.getValue() / totalIdf;
          }
        }
      }
      rows.add(
          new double[] {
            maxBm25 > 0 ? bm25[i] / maxBm25 : 0,
            Math.log1p(bm25[i]),
            cosine[i],
            cosine[i] - maxCosine,
            Math.log(bm25Rank[i]),
            Math.log(cosineRank[i]),
            bodyCoverage[i],
            title,
            Math.log(i + 1.0)
          });
    }
    return rows;
  }

  private interface ScoreMap {
    double apply(double luceneScore);
  }

  private static void fill(
      IndexSearcher s, org.apache.lucene.search.Query q, int k, Map<Integer, Integer> docToCandidate, double[] out, ScoreMap f)
      throws IOException {
    for (ScoreDoc sd : s.search(q, k).scoreDocs) {
      Integer i = docToCandidate.get(sd.doc);
      if (i != null) {
        out[i] = f.apply(sd.score);
      }
    }
  }

  private static org.apache.lucene.search.Query restricted(org.apache.lucene.search.Query scoring, org.apache.lucene.search.Query only) {
    return new BooleanQuery.Builder().add(scoring, Occur.MUST).add(only, Occur.FILTER).build();
  }

  /** 1-based ranks by descending value; ties share the best rank of their group. */
  static double[] ranks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    double[] rank = new double[values.length];
    for (int r = 0; r < order.length; r++) {
      int i = order[r];
      rank[i] = r > 0 && values[order[r - 1]] == values[i] ? rank[order[r - 1]] : r + 1;
    }
    return rank;
  }

  private static Set<String> analyse(Analyzer analyzer, String text) {
    Set<String> out = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(IndexFields.BODY, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse text", e); // a StringReader does not fail
    }
    return out;
  }

  private static float[] unit(float[] v) {
    return Vectors.normalize(v, norm -> new IllegalStateException("the encoder returned a query vector of norm " + norm));
  }
}
