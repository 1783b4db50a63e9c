package io.caravan.connectors.triton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.core.Passage;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's own sample corpus (examples/sample-corpus): its chunks and its questions. */
final class SampleCorpus {

  private SampleCorpus() {}

  static List<Passage> passages() {
    Path docs = TritonServerProcess.repositoryRoot().resolve("examples/sample-corpus/docs");
    SentenceChunker chunker = SentenceChunker.defaults();
    List<Passage> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(docs)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        String id = name.substring(0, name.lastIndexOf('.'));
        String text = Files.readString(f, StandardCharsets.UTF_8);
        out.addAll(chunker.chunk(new Document(id, id.replace('-', ' '), text, null, f.toString())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<String> questions() {
    Path q = TritonServerProcess.repositoryRoot().resolve("examples/sample-corpus/questions.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(q, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          JsonNode n = json.readTree(line);
          out.add(n.get("question").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
