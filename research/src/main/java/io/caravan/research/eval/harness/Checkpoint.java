package io.caravan.research.eval.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The per-query results of a run so far, one JSON line per query, so that a stopped run resumes
 * where it stopped. The first line is a header with a fingerprint of what is being evaluated
 * (dataset, process, settings): resuming a different evaluation into the same file is refused
 * rather than mixed.
 *
 * <p>Strategy: each result is one {@code write} of a whole line ending in a newline, then the file
 * is forced to disk, so a crash leaves at most a last line without its newline. Opening drops such a
 * torn tail (truncating the file to the last newline) and the query it held simply runs again. A
 * malformed line anywhere else is not a crash artefact and is reported with its line number. Cost:
 * one small write and one {@code fsync} per query, negligible beside a process run.
 */
public final class Checkpoint implements Closeable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER = "caravanEvalCheckpoint";

  private final Path file;
  private final FileChannel channel;
  private final Map<String, QueryResult> completed;

  private Checkpoint(Path file, FileChannel channel, Map<String, QueryResult> completed) {
    this.file = file;
    this.channel = channel;
    this.completed = completed;
  }

  /**
   * Opens (or creates) the checkpoint at {@code file} for the evaluation identified by {@code
   * fingerprint}.
   *
   * @throws IllegalArgumentException when the file holds another evaluation or a malformed line
   */
  public static Checkpoint open(Path file, String fingerprint) throws IOException {
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    int end = lastNewline(bytes) + 1; // bytes after the last newline are a torn write
    Map<String, QueryResult> done = new LinkedHashMap<>();
    String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1);
    boolean header = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a checkpoint line: " + e.getOriginalMessage(), e);
      }
      if (!header) {
        if (!n.has(HEADER)) {
          throw new IllegalArgumentException(file + " is not an evaluation checkpoint (no header line)");
        }
        String was = n.path("fingerprint").asText();
        if (!was.equals(fingerprint)) {
          throw new IllegalArgumentException(
              file + " holds results of another evaluation (other dataset, process or settings); "
                  + "delete it or choose another --out folder");
        }
        header = true;
        continue;
      }
      try {
        QueryResult r = JSON.treeToValue(n, QueryResult.class);
        done.put(r.id(), r);
      } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a query result: " + e.getMessage(), e);
      }
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      ch.truncate(end);
      ch.position(end);
      Checkpoint cp = new Checkpoint(file, ch, done);
      if (!header) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(HEADER, 1);
        h.put("fingerprint", fingerprint);
        cp.writeLine(JSON.writeValueAsString(h));
      }
      return cp;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  public Path file() {
    return file;
  }

  /** Results already recorded, by query id, in the order they were written. */
  public Map<String, QueryResult> completed() {
    return Collections.unmodifiableMap(completed);
  }

  /** Records one result durably before returning. */
  public synchronized void append(QueryResult result) throws IOException {
    writeLine(JSON.writeValueAsString(result));
    completed.put(result.id(), result);
  }

  private void writeLine(String json) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
