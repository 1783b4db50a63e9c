package io.caravan.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.core.UnicodeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends dead letters to a JSON Lines file ({@code {"time","source","reason"}} per line) so that a
 * person, or a script, can see what was left out of the index and why, across runs. Each distinct
 * failure (source and reason) is written once, with the time it was first seen: re-ingesting a
 * folder whose broken files did not change adds nothing. Each new line is also logged at WARN for
 * whoever watches the console, its values escaped ({@link UnicodeText#escapeControls}) so that an
 * id or a file name cannot start a forged log line.
 *
 * <p>Strategy: the file is opened in append mode for each call and closed again; dead letters are
 * rare, so holding no handle open is worth more than the open cost, and one write per call keeps
 * the lines of concurrent callers from interleaving. The sources and reasons already in the file
 * are read once and kept; they are read again when the file's size or time stamp is not what this
 * log last left (someone edited or removed it). Thread-safe.
 */
public final class DeadLetterLog {

  /** The log's file name inside a data directory. */
  public static final String FILE_NAME = "dead-letters.jsonl";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);

  private final Path file;
  private final ObjectMapper json = new ObjectMapper();
  /** Source and reason of every line in the file when it looked like {@link #knownStamp}; null until first needed. */
  private Set<List<String>> known;
  private List<Object> knownStamp;

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

  /**
   * Appends, in one write, the dead letters whose source and reason the file does not hold yet;
   * creates the file and its directories if needed.
   */
  public synchronized void appendAll(Collection<DeadLetter> deadLetters) {
    if (deadLetters.isEmpty()) {
      return;
    }
    Set<List<String>> recorded = known();
    Set<List<String>> added = new LinkedHashSet<>();
    StringBuilder lines = new StringBuilder();
    for (DeadLetter d : deadLetters) {
      List<String> key = List.of(d.source(), d.reason());
      if (recorded.contains(key) || !added.add(key)) {
        continue;
      }
      LOG.warn("not ingested: {}: {}", UnicodeText.escapeControls(d.source()), UnicodeText.escapeControls(d.reason()));
      ObjectNode node = json.createObjectNode();
      node.put("time", d.time().toString());
      node.put("source", d.source());
      node.put("reason", d.reason());
      lines.append(node).append('\n');
    }
    if (added.isEmpty()) {
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, lines, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      recorded.addAll(added);
      knownStamp = stamp();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the dead letter log " + file, e);
    }
  }

  /** What the file holds, read again when it changed behind this log's back. */
  private Set<List<String>> known() {
    try {
      List<Object> now = stamp();
      if (known == null || !now.equals(knownStamp)) {
        Set<List<String>> keys = new HashSet<>();
        if (Files.exists(file)) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
              JsonNode node = json.readTree(line);
              if (node != null && node.hasNonNull("source") && node.hasNonNull("reason")) {
                keys.add(List.of(node.get("source").asText(), node.get("reason").asText()));
              }
            } catch (JsonProcessingException e) {
              // an edited line records nothing; read() is where it is reported
            }
          }
        }
        known = keys;
        knownStamp = now;
      }
      return known;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dead letter log " + file, e);
    }
  }

  /** Size and modification time, or an empty stamp when there is no file. */
  private List<Object> stamp() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    FileTime modified = Files.getLastModifiedTime(file);
    return List.of(Files.size(file), modified);
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
