package io.caravan.research.eval.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a made-up three-example fixture in CANARD's format. */
class CanardDatasetTest {

  @TempDir Path tmp;

  private static Path fixture() throws Exception {
    return Path.of(CanardDatasetTest.class.getResource("/qa/canard-tiny.json").toURI());
  }

  @Test
  void readsExamplesInOrder() throws Exception {
    List<CanardExample> all = CanardDataset.read(fixture());
    assertThat(all).hasSize(3);
    CanardExample second = all.get(1);
    assertThat(second.dialogId()).isEqualTo("C_made_up_0");
    assertThat(second.questionNo()).isEqualTo(2);
    assertThat(second.history()).containsExactly("Imaginary Band", "Early years", "When was the band formed?", "In 1901 in Fredville.");
    assertThat(second.question()).isEqualTo("Who founded it?");
    assertThat(second.rewrite()).isEqualTo("Who founded Imaginary Band?");
  }

  @Test
  void baselines() throws Exception {
    List<CanardExample> all = CanardDataset.read(fixture());
    assertThat(all.get(1).rawQuestion()).isEqualTo("Who founded it?");
    assertThat(all.get(1).historyAndQuestion()).isEqualTo("Imaginary Band Early years When was the band formed? In 1901 in Fredville. Who founded it?");
    assertThat(all.get(2).historyAndQuestion()).isEqualTo("What is Redland?");
  }

  @Test
  void readsGzip() throws Exception {
    Path gz = tmp.resolve("dev.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(fixture(), out);
    }
    assertThat(CanardDataset.read(gz)).isEqualTo(CanardDataset.read(fixture()));
  }

  @Test
  void badInputNamesTheElement() throws IOException {
    String ok = "{\"History\": [], \"QuAC_dialog_id\": \"d\", \"Question\": \"q\", \"Question_no\": 1, \"Rewrite\": \"r\"}";
    assertThatThrownBy(() -> CanardDataset.read(write("noRewrite.json", "[" + ok + "," + ok.replace("\"Rewrite\"", "\"rewrite\"") + "]")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("element 1")
        .hasMessageContaining("'Rewrite'");
    assertThatThrownBy(() -> CanardDataset.read(write("obj.json", ok))).isInstanceOf(IOException.class).hasMessageContaining("expected a JSON array");
    assertThatThrownBy(() -> CanardDataset.read(write("mixed.json", "[" + ok + ", 3]"))).isInstanceOf(IOException.class).hasMessageContaining("element 1: expected an object");
    assertThatThrownBy(() -> CanardDataset.read(write("noNo.json", "[" + ok.replace("1", "\"x\"") + "]"))).isInstanceOf(IOException.class).hasMessageContaining("Question_no");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }
}
