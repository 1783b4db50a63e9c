package io.caravan.ingest;

import io.caravan.testing.HashingEncoder;

import io.caravan.testing.InMemoryDocumentIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.caravan.core.document.SentenceChunker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceIngestorTest {

  @TempDir Path tree;
  @TempDir Path data;

  private final InMemoryDocumentIndex index = new InMemoryDocumentIndex();
  private final HashingEncoder encoder = new HashingEncoder();

  private SourceIngestor sources() {
    DocumentFileReader reader = new DocumentFileReader(ParserRegistry.defaults(), 2_000);
    DocumentIngestor ingestor = new DocumentIngestor(encoder, index, SentenceChunker.defaults(), 16);
    return new SourceIngestor(reader, ingestor, DeadLetterLog.inDirectory(data));
  }

  private Path write(String relative, String content) throws Exception {
    Path file = tree.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static Map<String, String> reasonsByFile(List<DeadLetter> deadLetters) {
    return deadLetters.stream().collect(Collectors.toMap(
        d -> Path.of(d.source().replaceFirst("#.*$", "")).getFileName().toString(), DeadLetter::reason, (a, b) -> a + " | " + b));
  }

  @Test
  void ingestsATreeAndDeadLettersWhatItCannotRead() throws Exception {
    write("intro.txt", "Introduction\n\nCaravan ingests files.");
    write("guide/setup.md", "---\nauthor: Ada\n---\n# Setup\n\nInstall **Java**.");
    write("site/page.html", "<html><head><title>Page</title><script>x()</script></head><body><p>Hello &amp; welcome.</p></body></html>");
    write("corpus.jsonl", "{\"_id\":\"c1\",\"title\":\"One\",\"text\":\"First.\"}\n{broken\n{\"_id\":\"c2\",\"text\":\"Second.\"}\n");
    write("big.txt", "x".repeat(2_001));
    write("report.pdf", "%PDF-1.7");
    write(".hidden/skip.txt", "Not for the index.");
    write("empty.jsonl", "");
    Path secret = write("secret.txt", "Top secret.");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    boolean secretUnreadable = !Files.isReadable(secret); // root can read anything

    List<int[]> progress = new ArrayList<>();
    IngestReport report = sources().ingestPath(tree, (done, total) -> progress.add(new int[] {done, total}));

    assertThat(index.contains("intro")).isTrue();
    assertThat(index.contains("guide/setup")).isTrue();
    assertThat(index.contains("site/page")).isTrue();
    assertThat(index.contains("c1")).isTrue();
    assertThat(index.contains("c2")).isTrue();
    assertThat(index.contains(".hidden/skip")).isFalse();
    assertThat(index.chunks("guide/setup").get(0).passage().metadata()).containsEntry("author", "Ada");
    assertThat(index.chunks("site/page").get(0).passage().text()).isEqualTo("Hello & welcome.");

    Map<String, String> reasons = reasonsByFile(report.deadLetters());
    assertThat(reasons.get("corpus.jsonl")).startsWith("line 2: malformed JSON");
    assertThat(reasons.get("big.txt")).isEqualTo("file too large: 2001 bytes, the limit is 2000 bytes");
    assertThat(reasons.get("report.pdf")).startsWith("unsupported file type '.pdf'; supported: ");
    assertThat(reasons.get("empty.jsonl")).isEqualTo("no documents in file");
    if (secretUnreadable) {
      assertThat(reasons.get("secret.txt")).startsWith("unreadable file");
      assertThat(report.added()).isEqualTo(5);
    } else {
      assertThat(index.contains("secret")).isTrue();
      assertThat(report.added()).isEqualTo(6);
    }
    assertThat(report.failed()).isEqualTo(report.deadLetters().size());
    assertThat(DeadLetterLog.inDirectory(data).read()).containsExactlyInAnyOrderElementsOf(report.deadLetters());

    int total = report.added();
    assertThat(progress.get(0)).containsExactly(0, total);
    assertThat(progress.get(progress.size() - 1)).containsExactly(total, total);
    assertThat(progress).hasSize(total + 1);
  }

  @Test
  void unreadableFileIsADeadLetterWhenPermissionsAreEnforced() throws Exception {
    Path secret = write("secret.txt", "Top secret.");
    write("open.txt", "Open text.");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(secret)).as("running as root: permissions are not enforced").isFalse();

    IngestReport report = sources().ingestPath(tree, ProgressListener.NONE);

    assertThat(report.added()).isEqualTo(1);
    assertThat(report.deadLetters()).singleElement()
        .satisfies(d -> assertThat(d.reason()).startsWith("unreadable file"));
  }

  @Test
  void secondRunSkipsEverythingAndAChangedFileIsUpdated() throws Exception {
    write("a.txt", "Alpha\n\nFirst version of alpha. It has two sentences.");
    write("b.md", "# Beta\n\nBeta text.");
    SourceIngestor sources = sources();
    assertThat(sources.ingestPath(tree, ProgressListener.NONE).added()).isEqualTo(2);
    int encoderCalls = encoder.calls().size();

    IngestReport again = sources.ingestPath(tree, ProgressListener.NONE);
    assertThat(again.skipped()).isEqualTo(2);
    assertThat(again.added() + again.updated() + again.failed()).isZero();
    assertThat(encoder.calls()).hasSize(encoderCalls);

    write("a.txt", "Alpha\n\nSecond version.");
    IngestReport changed = sources.ingestPath(tree, ProgressListener.NONE);
    assertThat(changed.updated()).isEqualTo(1);
    assertThat(changed.skipped()).isEqualTo(1);
    assertThat(index.chunks("a")).extracting(c -> c.passage().text()).containsExactly("Second version.");
  }

  @Test
  void singleFileIsNamedAfterItself() throws Exception {
    Path file = write("deep/down/note.txt", "A note.");
    IngestReport report = sources().ingestPath(file, ProgressListener.NONE);
    assertThat(report.added()).isEqualTo(1);
    assertThat(index.contains("note")).isTrue();
    assertThat(index.chunks("note").get(0).passage().docId()).isEqualTo("note");
  }

  @Test
  void sameIdFromTwoFilesKeepsTheLaterAndReportsTheOther() throws Exception {
    write("x.md", "# From markdown\n\nMarkdown body.");
    write("x.txt", "Text body.");
    IngestReport report = sources().ingestPath(tree, ProgressListener.NONE);
    assertThat(report.added()).isEqualTo(1);
    assertThat(report.deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.source()).endsWith("x.md#x");
      assertThat(d.reason()).contains("duplicate document id 'x'");
    });
    assertThat(index.chunks("x").get(0).passage().text()).isEqualTo("Text body.");
  }

  @Test
  void missingPathIsAClearError() {
    assertThatThrownBy(() -> sources().ingestPath(tree.resolve("nope"), ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such file or directory");
  }
}
