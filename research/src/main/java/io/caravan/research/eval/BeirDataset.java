package io.caravan.research.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.core.document.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A BEIR dataset folder: {@code corpus.jsonl[.gz]}, {@code queries.jsonl[.gz]} and {@code
 * qrels/<split>.tsv}. Only queries that have judgements in the split are evaluated, as BEIR does.
 */
public final class BeirDataset {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public BeirDataset(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a BEIR dataset folder: " + dir);
    }
    this.dir = dir;
  }

  public Path corpusFile() {
    return first("corpus.jsonl", "corpus.jsonl.gz");
  }

  /** Streams the corpus; the corpus can be far larger than memory is willing to hold twice. */
  public void forEachDocument(Consumer<Document> sink) throws IOException {
    try (BufferedReader r = Datasets.open(corpusFile())) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode m = n.path("metadata");
        m.fieldNames().forEachRemaining(f -> meta.put(f, m.get(f).asText()));
        sink.accept(new Document(n.get("_id").asText(), n.path("title").asText(""), n.path("text").asText(""), meta, corpusFile().toString()));
      }
    }
  }

  /** Query id to text, for the queries judged in {@code split}, in qrels order. */
  public Map<String, String> queries(String split) throws IOException {
    Qrels qrels = qrels(split);
    Map<String, String> all = new LinkedHashMap<>();
    try (BufferedReader r = Datasets.open(first("queries.jsonl", "queries.jsonl.gz"))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          all.put(n.get("_id").asText(), n.get("text").asText());
        }
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String q : qrels.queryIds()) {
      String text = all.get(q);
      if (text == null) {
        missing.add(q);
      } else {
        out.put(q, text);
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException("queries file lacks " + missing.size() + " judged queries, e.g. " + missing.get(0));
    }
    return out;
  }

  public Qrels qrels(String split) throws IOException {
    return Qrels.read(dir.resolve("qrels").resolve(split + ".tsv"));
  }

  private Path first(String... names) {
    for (String name : names) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException("none of " + String.join(", ", names) + " in " + dir);
  }
}
