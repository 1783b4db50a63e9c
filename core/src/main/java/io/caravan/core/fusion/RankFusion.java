package io.caravan.core.fusion;

import io.caravan.core.Candidate;
import java.util.List;
import java.util.Map;

/**
 * Merges several ranked lists of the same kind of candidates (one per retriever or sub-query) into
 * one. Candidates are the same when their chunk ids are; the fused candidate keeps every stage score
 * it had in any input list and adds the fused score under {@link #name()}.
 */
public interface RankFusion {

  String name();

  /**
   * @param rankings named ranked lists, best first; a name's weight is looked up by the
   *     implementation (missing weight = 1)
   * @param k how many fused candidates to return
   */
  List<Candidate> fuse(Map<String, List<Candidate>> rankings, int k);
}
