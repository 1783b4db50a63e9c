package io.caravan.research.eval.qa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.research.eval.Datasets;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for TREC CAsT manually rewritten topics (2020 {@code *_manual_evaluation_topics_*.json},
 * 2021 the same layout): a JSON array of topics {@code {number, turn: [{number, raw_utterance,
 * manual_rewritten_utterance}]}}. Each turn becomes a {@link CanardExample} whose history is the
 * topic's earlier raw utterances (the user's side only: CAsT gives no system replies in 2020) and
 * whose reference rewrite is the manual one, so the CANARD rewrite task scores it unchanged.
 */
public final class CastTopics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CastTopics() {}

  /** @throws IOException when the file cannot be read or a turn lacks a field (topic and turn named) */
  public static List<CanardExample> read(Path file) throws IOException {
    JsonNode root;
    try (BufferedReader r = Datasets.open(file)) {
      root = JSON.readTree(r);
    }
    if (root == null || !root.isArray()) {
      throw new IOException(file + ": expected a JSON array of CAsT topics");
    }
    List<CanardExample> out = new ArrayList<>();
    for (JsonNode topic : root) {
      String id = topic.path("number").asText("");
      JsonNode turns = topic.get("turn");
      if (id.isEmpty() || turns == null || !turns.isArray()) {
        throw new IOException(file + ": topic " + (id.isEmpty() ? "#" + out.size() : id) + " lacks 'number' or a 'turn' array");
      }
      List<String> history = new ArrayList<>();
      for (JsonNode t : turns) {
        String where = file + ": topic " + id + " turn " + t.path("number").asText("?");
        String raw = t.path("raw_utterance").asText("");
        String manual = t.path("manual_rewritten_utterance").asText("");
        if (raw.isBlank() || manual.isBlank()) {
          throw new IOException(where + " lacks 'raw_utterance' or 'manual_rewritten_utterance'");
        }
        out.add(new CanardExample("cast-" + id, t.path("number").asInt(), history, raw, manual));
        history.add(raw);
      }
    }
    return out;
  }
}
