package io.caravan.ingest;

import io.caravan.core.UnicodeText;
import io.caravan.core.document.Document;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one file into documents, turning every way a file can be bad into a dead letter instead of
 * an exception: unsupported extension, no read permission, over the size limit, not parseable, or
 * bad parts of a multi-document file. The caller never has to guard a single file.
 *
 * <p>Checks run cheapest first (extension, permission, size from the directory entry) so a rejected
 * file is usually never opened; reading stops one byte past the limit, so a file that grows while
 * being read cannot blow the heap either.
 *
 * <p>Cost: one read of the file and one parse; the whole file is held in memory, bounded by
 * {@code maxFileBytes}.
 */
public final class DocumentFileReader {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentFileReader.class);

  /** 10 MiB: far above any single document, below what would strain a default heap. */
  public static final long DEFAULT_MAX_FILE_BYTES = 10L * 1024 * 1024;

  private final ParserRegistry parsers;
  private final long maxFileBytes;
  private final Clock clock;

  /** What one file yielded. */
  public record Result(List<Document> documents, List<DeadLetter> deadLetters) {
    public Result {
      documents = List.copyOf(documents);
      deadLetters = List.copyOf(deadLetters);
    }
  }

  public DocumentFileReader(ParserRegistry parsers, long maxFileBytes, Clock clock) {
    this.parsers = Objects.requireNonNull(parsers, "parsers");
    if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxFileBytes must be between 1 and about 2 GiB, was " + maxFileBytes);
    }
    this.maxFileBytes = maxFileBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public DocumentFileReader(ParserRegistry parsers, long maxFileBytes) {
    this(parsers, maxFileBytes, Clock.systemUTC());
  }

  /** The default parsers and size limit. */
  public static DocumentFileReader defaults() {
    return new DocumentFileReader(ParserRegistry.defaults(), DEFAULT_MAX_FILE_BYTES);
  }

  public long maxFileBytes() {
    return maxFileBytes;
  }

  /**
   * Reads {@code file}, naming its documents relative to {@code root}.
   *
   * @throws IllegalArgumentException when {@code file} does not lie under {@code root}
   */
  public Result read(Path root, Path file) {
    Path base = root.toAbsolutePath().normalize();
    Path path = file.toAbsolutePath().normalize();
    if (!path.startsWith(base) || path.equals(base)) {
      throw new IllegalArgumentException(file + " does not lie under the ingest root " + root);
    }
    String name = relativeName(base.relativize(path));
    String source = path.toString();

    String extension = SourceFile.extensionOf(name);
    Optional<DocumentParser> parser = parsers.parserFor(extension);
    if (parser.isEmpty()) {
      return unsupported(source, extension);
    }
    if (!Files.isReadable(path)) {
      return rejected(source, "unreadable file: no read permission, or it no longer exists");
    }
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > maxFileBytes) {
        return rejected(source, tooLarge(size));
      }
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes((int) maxFileBytes + 1);
      }
    } catch (AccessDeniedException e) {
      return rejected(source, "unreadable file: permission denied");
    } catch (NoSuchFileException e) {
      return rejected(source, "file disappeared before it could be read");
    } catch (IOException e) {
      return rejected(source, "unreadable file: " + reason(e));
    }
    if (bytes.length > maxFileBytes) {
      return rejected(source, tooLarge(bytes.length) + " (it grew while being read)");
    }
    return parse(parser.get(), name, source, bytes);
  }

  /**
   * Reads a file whose bytes arrive from elsewhere (a Camel file consumer, a message), with the
   * same checks as {@link #read(Path, Path)}. {@code content} is called only when the name and the
   * announced size pass, so a file over the limit is rejected without being loaded.
   *
   * @param name the file's path relative to wherever it was found ('/' or '\' separators); its
   *     extension picks the parser and, as in a directory tree, it names the documents
   * @param source where the file really is, for citations and dead letters
   * @param size the size announced by the source, or a negative number when unknown
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public Result read(String name, String source, long size, Supplier<byte[]> content) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(content, "content");
    String relative = name.replace('\\', '/');
    if (relative.isBlank()) {
      throw new IllegalArgumentException("file name must not be blank");
    }
    String extension = SourceFile.extensionOf(relative);
    Optional<DocumentParser> parser = parsers.parserFor(extension);
    if (parser.isEmpty()) {
      return unsupported(source, extension);
    }
    if (size > maxFileBytes) {
      return rejected(source, tooLarge(size));
    }
    byte[] bytes = Objects.requireNonNull(content.get(), "content");
    if (bytes.length > maxFileBytes) {
      return rejected(source, tooLarge(bytes.length));
    }
    return parse(parser.get(), relative, source, bytes);
  }

  private Result parse(DocumentParser parser, String name, String source, byte[] bytes) {
    ParsedFile parsed;
    try {
      parsed = parser.parse(new SourceFile(name, source, bytes));
    } catch (IllegalArgumentException e) {
      return rejected(source, "malformed file: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.debug("parser failed on {}", UnicodeText.escapeControls(source), e);
      return rejected(source, "the parser for this file type failed: "
          + (e.getMessage() == null ? "no reason given (details in the server log at debug level)" : e.getMessage()));
    }
    List<DeadLetter> problems = new ArrayList<>();
    for (String problem : parsed.problems()) {
      problems.add(new DeadLetter(source, problem, clock.instant()));
    }
    if (parsed.documents().isEmpty() && problems.isEmpty()) {
      problems.add(new DeadLetter(source, "no documents in file", clock.instant()));
    }
    return new Result(parsed.documents(), problems);
  }

  /** An I/O failure in words; dead letters reach HTTP clients and the CLI, which an exception's class name tells nothing. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "it no longer exists";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  private Result unsupported(String source, String extension) {
    return rejected(source, "unsupported file type "
        + (extension.isEmpty() ? "(no extension)" : "'." + extension + "'")
        + "; supported: " + String.join(", ", parsers.extensions()));
  }

  private String tooLarge(long size) {
    return "file too large: " + size + " bytes, the limit is " + maxFileBytes + " bytes";
  }

  private Result rejected(String source, String reason) {
    return new Result(List.of(), List.of(new DeadLetter(source, reason, clock.instant())));
  }

  /** Relative path with '/' separators whatever the platform, so ids are portable. */
  private static String relativeName(Path relative) {
    StringBuilder sb = new StringBuilder();
    for (Path part : relative) {
      sb.append(sb.length() == 0 ? "" : "/").append(part);
    }
    return sb.toString();
  }
}
