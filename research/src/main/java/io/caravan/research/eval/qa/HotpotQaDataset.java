package io.caravan.research.eval.qa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.core.document.Document;
import io.caravan.research.eval.Datasets;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HotpotQA in the IRCoT format: JSON lines (optionally gzipped) with {@code question_id}, {@code
 * question_text}, {@code answers_objects[].spans[]} and {@code contexts[]} of {@code title}, {@code
 * paragraph_text}, {@code is_supporting} (other fields such as {@code id}/{@code idx} are ignored).
 *
 * <p>The paragraphs of all questions are pooled into one corpus so that retrieval is over the
 * whole pool, not just a question's own ten contexts. Id scheme: {@code "hp-"} followed by the first
 * 16 hex digits (64 bits) of SHA-256 over the length-prefixed UTF-8 title and paragraph text. The
 * id therefore depends only on the paragraph's content: the same paragraph under several questions
 * is one document, and an index built from one subset or file order keeps its ids when another is
 * loaded. Text is compared exactly (no whitespace normalisation), so a paragraph differing by one
 * character is a distinct document. A 64-bit collision between different paragraphs is detected and
 * reported rather than silently merging them.
 *
 * <p>Cost: the whole file is read into memory once (IRCoT dev subsets are a few MB).
 */
public final class HotpotQaDataset {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<HotpotQuestion> questions;
  private final List<Document> corpus;

  private HotpotQaDataset(List<HotpotQuestion> questions, List<Document> corpus) {
    this.questions = List.copyOf(questions);
    this.corpus = List.copyOf(corpus);
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException when the file cannot be read or a line is not a well-formed question; the
   *     message names the line
   */
  public static HotpotQaDataset read(Path file) throws IOException {
    List<HotpotQuestion> questions = new ArrayList<>();
    Map<String, Document> pool = new LinkedHashMap<>();
    Map<String, Integer> seenIds = new LinkedHashMap<>();
    try (BufferedReader r = Datasets.open(file)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String where = file + ":" + lineNo;
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new IOException(where + ": not JSON: " + e.getOriginalMessage(), e);
        }
        String id = text(n, "question_id", where);
        if (seenIds.putIfAbsent(id, lineNo) != null) {
          throw new IOException(where + ": question " + id + " already appeared on line " + seenIds.get(id));
        }
        questions.add(question(n, id, where, pool, file.toString()));
      }
    }
    return new HotpotQaDataset(questions, new ArrayList<>(pool.values()));
  }

  public List<HotpotQuestion> questions() {
    return questions;
  }

  /** Every distinct paragraph, in order of first appearance. */
  public List<Document> corpus() {
    return corpus;
  }

  /** The corpus id a paragraph gets; see the class comment. */
  public static String documentId(String title, String paragraphText) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String s : new String[] {title, paragraphText}) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        md.update(bytes);
      }
      return "hp-" + HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static HotpotQuestion question(JsonNode n, String id, String where, Map<String, Document> pool, String source) throws IOException {
    String text = text(n, "question_text", where);
    List<String> answers = new ArrayList<>();
    for (JsonNode a : n.path("answers_objects")) {
      for (JsonNode span : a.path("spans")) {
        answers.add(span.asText());
      }
    }
    if (answers.isEmpty()) {
      throw new IOException(where + ": question " + id + " has no answers_objects[].spans");
    }
    JsonNode contexts = n.path("contexts");
    if (!contexts.isArray() || contexts.isEmpty()) {
      throw new IOException(where + ": question " + id + " has no contexts");
    }
    List<String> contextIds = new ArrayList<>();
    List<String> supporting = new ArrayList<>();
    for (JsonNode c : contexts) {
      String title = text(c, "title", where);
      String paragraph = text(c, "paragraph_text", where);
      String docId = documentId(title, paragraph);
      Document known = pool.get(docId);
      if (known == null) {
        pool.put(docId, new Document(docId, title, paragraph, Map.of(), source));
      } else if (!known.title().equals(title) || !known.text().equals(paragraph)) {
        throw new IOException(where + ": id collision: paragraphs '" + known.title() + "' and '" + title + "' both hash to " + docId);
      }
      contextIds.add(docId);
      if (c.path("is_supporting").asBoolean(false)) {
        supporting.add(docId);
      }
    }
    return new HotpotQuestion(id, text, answers, supporting, contextIds);
  }

  private static String text(JsonNode n, String field, String where) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.isValueNode() || v.isNull()) {
      throw new IOException(where + ": missing or non-text field '" + field + "'");
    }
    return v.asText();
  }
}
