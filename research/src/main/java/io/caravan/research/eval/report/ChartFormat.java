package io.caravan.research.eval.report;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Image format of a chart file, chosen by the file name's extension (case-insensitive) so callers
 * never pass a format that contradicts the name. SVG is preferred for reports: it is text, so a
 * changed chart shows up in a diff.
 */
public enum ChartFormat {
  SVG,
  PNG;

  /** The format named by {@code out}'s extension; {@code .svg} or {@code .png}, nothing else. */
  public static ChartFormat of(Path out) {
    if (out == null) {
      throw new IllegalArgumentException("chart output path must not be null");
    }
    Path name = out.getFileName();
    String file = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (file.endsWith(".svg") && file.length() > 4) {
      return SVG;
    }
    if (file.endsWith(".png") && file.length() > 4) {
      return PNG;
    }
    throw new IllegalArgumentException(
        "chart output " + out + " must end in .svg or .png (the extension picks the format)");
  }
}
