package io.caravan.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A file's bytes as a parser sees them. {@code name} is the path relative to the ingest root with
 * {@code '/'} separators (it becomes the document id, so it must not depend on where the root lies
 * or on the operating system); {@code source} is where the file really is, for citations.
 */
public record SourceFile(String name, String source, byte[] bytes) {

  public SourceFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(bytes, "bytes");
    if (name.isBlank()) {
      throw new IllegalArgumentException("file name must not be blank");
    }
    if (name.contains("\\")) {
      throw new IllegalArgumentException("file name must use '/' separators, was " + name);
    }
  }

  /** The lower-case extension without the dot, or "" when the file name has none. */
  public String extension() {
    return extensionOf(name);
  }

  static String extensionOf(String name) {
    String last = name.substring(name.lastIndexOf('/') + 1);
    int dot = last.lastIndexOf('.');
    return dot <= 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The id of a file that holds one document: its relative path without the extension. */
  public String documentId() {
    String ext = extension();
    return ext.isEmpty() ? name : name.substring(0, name.length() - ext.length() - 1);
  }

  /**
   * The bytes as UTF-8 text, byte-order mark removed and line ends normalised to {@code '\n'}.
   * Decoding is strict: a file in another encoding is rejected rather than indexed as mojibake.
   *
   * @throws IllegalArgumentException when the bytes are not valid UTF-8
   */
  public String text() {
    return decodeUtf8(bytes, 0, bytes.length).replace("\r\n", "\n").replace('\r', '\n');
  }

  static String decodeUtf8(byte[] bytes, int from, int to) {
    int start = from;
    if (to - from >= 3 && (bytes[from] & 0xFF) == 0xEF && (bytes[from + 1] & 0xFF) == 0xBB
        && (bytes[from + 2] & 0xFF) == 0xBF) {
      start += 3;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, to - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not valid UTF-8 text", e);
    }
  }
}
