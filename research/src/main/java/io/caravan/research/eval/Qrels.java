package io.caravan.research.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Relevance judgements: query id to document id to grade. Reads BEIR's {@code qrels/*.tsv}
 * ({@code query-id corpus-id score} with a header) and TREC's {@code qid 0 docid rel}.
 */
public record Qrels(Map<String, Map<String, Integer>> judgements) {

  public Qrels {
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    judgements.forEach((q, docs) -> copy.put(q, Collections.unmodifiableMap(new LinkedHashMap<>(docs))));
    judgements = Collections.unmodifiableMap(copy);
  }

  public Set<String> queryIds() {
    return judgements.keySet();
  }

  public Map<String, Integer> of(String queryId) {
    return judgements.getOrDefault(queryId, Map.of());
  }

  public static Qrels read(Path file) throws IOException {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    try (BufferedReader r = Datasets.open(file)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String[] f = line.trim().split("\\s+");
        if (f.length == 0 || f[0].isEmpty() || (n == 1 && f[0].equals("query-id"))) {
          continue;
        }
        String q;
        String d;
        String rel;
        if (f.length == 3) {
          q = f[0];
          d = f[1];
          rel = f[2];
        } else if (f.length == 4) {
          q = f[0];
          d = f[2];
          rel = f[3];
        } else {
          throw new IOException(file + ":" + n + ": expected 3 (BEIR) or 4 (TREC) columns, got " + f.length);
        }
        try {
          out.computeIfAbsent(q, x -> new LinkedHashMap<>()).put(d, Integer.parseInt(rel));
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + n + ": relevance is not an integer: " + rel, e);
        }
      }
    }
    return new Qrels(out);
  }
}
