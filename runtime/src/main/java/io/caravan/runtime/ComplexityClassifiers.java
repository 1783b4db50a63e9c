package io.caravan.runtime;

import io.caravan.policies.depth.ComplexityClassifier;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes classifier files (the policies module does no I/O of its own). */
public final class ComplexityClassifiers {

  private ComplexityClassifiers() {}

  public static ComplexityClassifier load(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return ComplexityClassifier.read(r, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("setting caravan.depth.classifier.weights: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes atomically, so a crash never leaves half a weights file. */
  public static void write(ComplexityClassifier c, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      c.write(w);
    }
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
