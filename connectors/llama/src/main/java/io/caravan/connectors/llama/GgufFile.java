package io.caravan.connectors.llama;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a GGUF model file says about itself, read from its header before llama.cpp is given it: a
 * file that is not GGUF, is truncated, or whose chat template Caravan cannot format fails here with
 * a message naming the file, instead of deep inside the native library.
 *
 * @param path the file
 * @param version the GGUF format version
 * @param name {@code general.name} ("" when absent)
 * @param architecture {@code general.architecture} ("qwen2", "llama", ...)
 * @param chatTemplate {@code tokenizer.chat_template} ("" when the model has none: a base model)
 */
public record GgufFile(Path path, int version, String name, String architecture, String chatTemplate) {

  private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
  /** Metadata strings and arrays longer than this mean a corrupt file, not a model. */
  private static final long MAX_LENGTH = 1L << 28;

  public GgufFile {
    Objects.requireNonNull(path, "path");
    name = name == null ? "" : name;
    architecture = architecture == null ? "" : architecture;
    chatTemplate = chatTemplate == null ? "" : chatTemplate;
  }

  /** Whether the model's chat template is ChatML (Qwen, SmolLM2, ...), the one format Caravan writes. */
  public boolean chatMl() {
    return chatTemplate.contains("<|im_start|>");
  }

  /** Reads the header and metadata of {@code path}. */
  public static GgufFile read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException("no model file at " + path.toAbsolutePath());
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      LittleEndian le = new LittleEndian(new DataInputStream(in));
      if (le.int32() != MAGIC) {
        throw new IOException(path + " is not a GGUF model file (no GGUF header)");
      }
      int version = le.int32();
      if (version < 2 || version > 3) {
        throw new IOException(path + " is GGUF version " + version + "; llama.cpp here reads versions 2 and 3");
      }
      le.int64(); // tensor count
      long kvCount = le.int64();
      Map<String, String> strings = new LinkedHashMap<>();
      for (long i = 0; i < kvCount; i++) {
        String key = le.string();
        int type = le.int32();
        if (type == 8) {
          strings.put(key, le.string());
        } else {
          le.skipValue(type);
        }
      }
      return new GgufFile(
          path,
          version,
          strings.get("general.name"),
          strings.get("general.architecture"),
          strings.get("tokenizer.chat_template"));
    } catch (EOFException e) {
      throw new IOException(path + " is truncated: its GGUF metadata ends early", e);
    }
  }

  private record LittleEndian(DataInputStream in) {

    int int32() throws IOException {
      return Integer.reverseBytes(in.readInt());
    }

    long int64() throws IOException {
      return Long.reverseBytes(in.readLong());
    }

    String string() throws IOException {
      long n = int64();
      if (n < 0 || n > MAX_LENGTH) {
        throw new IOException("GGUF string of length " + n + ": the file is corrupt");
      }
      byte[] bytes = in.readNBytes((int) n);
      if (bytes.length < n) {
        throw new EOFException();
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }

    void skipValue(int type) throws IOException {
      switch (type) {
        case 0, 1, 7 -> skip(1);
        case 2, 3 -> skip(2);
        case 4, 5, 6 -> skip(4);
        case 10, 11, 12 -> skip(8);
        case 8 -> skip(int64());
        case 9 -> {
          int itemType = int32();
          long n = int64();
          if (n < 0 || n > MAX_LENGTH) {
            throw new IOException("GGUF array of length " + n + ": the file is corrupt");
          }
          for (long i = 0; i < n; i++) {
            skipValue(itemType);
          }
        }
        default -> throw new IOException("GGUF value of unknown type " + type + ": the file is corrupt");
      }
    }

    private void skip(long n) throws IOException {
      if (n < 0 || n > MAX_LENGTH) {
        throw new IOException("GGUF value of length " + n + ": the file is corrupt");
      }
      long left = n;
      while (left > 0) {
        long s = in.skip(left);
        if (s <= 0) {
          if (in.read() < 0) {
            throw new EOFException();
          }
          s = 1;
        }
        left -= s;
      }
    }
  }
}
