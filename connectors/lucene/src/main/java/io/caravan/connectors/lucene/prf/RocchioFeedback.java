package io.caravan.connectors.lucene.prf;

import io.caravan.core.Access;
import io.caravan.core.Candidate;
import io.caravan.connectors.lucene.AccessFilter;
import io.caravan.core.Vectors;
import io.caravan.connectors.lucene.IndexFields;
import io.caravan.connectors.lucene.LuceneIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Rocchio feedback for dense retrieval (as in the vector-PRF papers, e.g. Li et al.'s ANCE-PRF
 * baselines): the new query vector is {@code alpha * q + beta * mean(feedback vectors)},
 * re-normalised, where the feedback vectors are the stored vectors of the top {@code fbDocs}
 * passages of the first retrieval. Reading them from the index costs one term lookup and one
 * vector read per passage, no re-encoding.
 */
public final class RocchioFeedback {

  private final LuceneIndex index;
  private final int fbDocs;
  private final double alpha;
  private final double beta;

  public RocchioFeedback(LuceneIndex index, int fbDocs, double alpha, double beta) {
    this.index = index;
    if (fbDocs < 1) {
      throw new IllegalArgumentException("fbDocs must be positive, was " + fbDocs);
    }
    if (!(alpha >= 0 && beta >= 0 && alpha + beta > 0)) {
      throw new IllegalArgumentException("alpha and beta must be non-negative and not both zero, were " + alpha + " and " + beta);
    }
    this.fbDocs = fbDocs;
    this.alpha = alpha;
    this.beta = beta;
  }

  public int fbDocs() {
    return fbDocs;
  }

  /**
   * The feedback query vector, unit length; the query itself when no feedback vector is found. The
   * vectors are looked up among what {@code access} may see: a chunk id names one chunk per tenant.
   */
  public float[] expand(float[] query, List<Candidate> feedback, Access access) {
    List<float[]> vectors = vectors(feedback.subList(0, Math.min(fbDocs, feedback.size())), access);
    if (vectors.isEmpty()) {
      return query.clone();
    }
    double[] sum = new double[query.length];
    for (float[] v : vectors) {
      if (v.length != query.length) {
        throw new IllegalStateException("stored vector has " + v.length + " dimensions, the query " + query.length);
      }
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
    }
    float[] out = new float[query.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (alpha * query[i] + beta * sum[i] / vectors.size());
    }
    if (Vectors.norm(out) == 0) {
      return query.clone();
    }
    return Vectors.normalize(out, norm -> new IllegalStateException("the Rocchio query vector has norm " + norm));
  }

  /** The stored vectors of these passages (those still in the index), in order. */
  List<float[]> vectors(List<Candidate> passages, Access access) {
    return index.withSearcher(
        s -> {
          List<float[]> out = new ArrayList<>();
          for (Candidate c : passages) {
            TopDocs hit = s.search(AccessFilter.restrict(LuceneIndex.TermPresence.of(s), new TermQuery(new Term(IndexFields.CHUNK_ID, c.chunkId())), Map.of(), access), 1);
            if (hit.scoreDocs.length == 0) {
              continue; // deleted since the first retrieval
            }
            ScoreDoc sd = hit.scoreDocs[0];
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(sd.doc, leaves));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(IndexFields.VECTOR);
            int local = sd.doc - leaf.docBase;
            if (values != null && values.advance(local) == local) {
              out.add(values.vectorValue().clone());
            }
          }
          return out;
        });
  }
}
