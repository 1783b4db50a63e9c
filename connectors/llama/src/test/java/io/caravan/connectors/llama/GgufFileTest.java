package io.caravan.connectors.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.testing.LocalModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {

  @TempDir Path dir;

  @Test
  void theShippedModelIsAChatMlQwenModel() throws IOException {
    GgufFile file = GgufFile.read(LocalModelFile.pathOrSkip());
    assertThat(file.version()).isEqualTo(3);
    assertThat(file.architecture()).isEqualTo("qwen2");
    assertThat(file.name()).contains("Qwen2.5").contains("0.5B");
    assertThat(file.chatMl()).isTrue();
  }

  @Test
  void aFileThatIsNotGgufOrIsCutShortIsRefusedByName() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.gguf"), "just some text, not a model");
    assertThatThrownBy(() -> GgufFile.read(text)).isInstanceOf(IOException.class).hasMessageContaining("notes.gguf is not a GGUF model file");

    byte[] whole = header(3, "general.name", "Tiny", "tokenizer.chat_template", "<|im_start|>{{ m }}");
    Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(whole, whole.length - 5));
    assertThatThrownBy(() -> GgufFile.read(cut)).isInstanceOf(IOException.class).hasMessageContaining("cut.gguf is truncated");

    assertThatThrownBy(() -> GgufFile.read(dir.resolve("absent.gguf"))).hasMessageContaining("no model file at");
    Path v9 = Files.write(dir.resolve("v9.gguf"), header(9, "general.name", "Tiny"));
    assertThatThrownBy(() -> GgufFile.read(v9)).hasMessageContaining("GGUF version 9");
  }

  @Test
  void aBaseModelWithoutChatTemplateIsRefusedBeforeLoading() throws IOException {
    Path base = Files.write(dir.resolve("base.gguf"), header(3, "general.name", "Gemma 3 270M", "general.architecture", "gemma3"));
    GgufFile file = GgufFile.read(base);
    assertThat(file.name()).isEqualTo("Gemma 3 270M");
    assertThat(file.chatMl()).isFalse();
    assertThatThrownBy(() -> LlamaEngine.load(LlamaSettings.of(base)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Gemma 3 270M")
        .hasMessageContaining("no chat template: it is a base model");
  }

  /** A GGUF header with string metadata only and no tensors. */
  private static byte[] header(int version, String... keyValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(le(4).putInt(0x46554747).array());
    out.writeBytes(le(4).putInt(version).array());
    out.writeBytes(le(8).putLong(0).array());
    out.writeBytes(le(8).putLong(keyValues.length / 2).array());
    for (int i = 0; i < keyValues.length; i += 2) {
      string(out, keyValues[i]);
      out.writeBytes(le(4).putInt(8).array());
      string(out, keyValues[i + 1]);
    }
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(le(8).putLong(b.length).array());
    out.writeBytes(b);
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
