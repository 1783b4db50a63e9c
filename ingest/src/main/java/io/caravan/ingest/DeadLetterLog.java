package io.caravan.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends dead letters to a JSON Lines file ({@code {"time","source","reason"}} per line) so that a
 * person, or a script, can see what was left out of the index and why, across runs. Each dead
 * letter is also logged at WARN for whoever watches the console.
 *
 * <p>Strategy: the file is opened in append mode for each call and closed again; dead letters are
 * rare, so holding no handle open is worth more than the open cost, and one write per call keeps
 * the lines of concurrent callers from interleaving. Thread-safe.
 */
public final class DeadLetterLog {

  /** The log's file name inside a data directory. */
  public static final String FILE_NAME = "dead-letters.jsonl";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);

  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  public DeadLetterLog(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The log at {@code <dataDirectory>/dead-letters.jsonl}. */
  public static DeadLetterLog inDirectory(Path dataDirectory) {
    return new DeadLetterLog(Objects.requireNonNull(dataDirectory, "dataDirectory").resolve(FILE_NAME));
  }

  public Path file() {
    return file;
  }

  public void append(DeadLetter deadLetter) {
    appendAll(List.of(deadLetter));
  }

  /** Appends all dead letters in one write; creates the file and its directories if needed. */
  public synchronized void appendAll(Collection<DeadLetter> deadLetters) {
    if (deadLetters.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (DeadLetter d : deadLetters) {
      LOG.warn("not ingested: {}: {}", d.source(), d.reason());
      ObjectNode node = json.createObjectNode();
      node.put("time", d.time().toString());
      node.put("source", d.source());
      node.put("reason", d.reason());
      lines.append(node).append('\n');
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, lines, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the dead letter log " + file, e);
    }
  }

  /**
   * Every dead letter in the log, oldest first; empty when there is no log yet.
   *
   * @throws IllegalStateException when a line of the log is not a dead letter (the file was edited)
   */
  public synchronized List<DeadLetter> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dead letter log " + file, e);
    }
    List<DeadLetter> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        JsonNode node = json.readTree(lines.get(i));
        out.add(new DeadLetter(node.path("source").asText(), node.path("reason").asText(),
            Instant.parse(node.path("time").asText())));
      } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
        throw new IllegalStateException(file + " line " + (i + 1) + " is not a dead letter: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
