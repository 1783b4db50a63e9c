package io.caravan.research.eval.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/**
 * Writes a built XChart chart to a file in the format its extension names.
 *
 * <p>SVG: XChart draws every string as glyph outlines, so its SVG holds no text at all. To keep
 * the file searchable, accessible and meaningful in a diff, the writer adds the standard SVG
 * {@code <title>} (the chart title) and {@code <desc>} (axis titles and series names) as the first
 * children of the root element, and renumbers clip-path ids so equal charts give equal bytes.
 * PNG: XChart's bitmap encoder, via ImageIO.
 *
 * <p>The chart is rendered in memory (a few hundred kB at most), written to a temporary file beside
 * the target and moved over it, so a failed render never truncates an existing chart.
 */
final class ChartWriter {

  private static final Pattern CLIP_ID = Pattern.compile("(?<=[\"#])clip\\d+");

  private ChartWriter() {}

  static void write(XYChart chart, ChartFormat format, Path out) {
    byte[] bytes;
    try {
      bytes = switch (format) {
        case SVG -> withTitleAndDescription(chart);
        case PNG -> BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("could not render chart " + out, e);
    }
    Path target = out.toAbsolutePath();
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
        os.write(bytes);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new UncheckedIOException("could not write chart " + out, e);
    }
  }

  private static byte[] withTitleAndDescription(XYChart chart) throws IOException {
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    String text = svg.toString(StandardCharsets.UTF_8);
    int root = text.indexOf("<svg");
    int rootEnd = root < 0 ? -1 : text.indexOf('>', root);
    if (rootEnd < 0) {
      throw new IOException("XChart produced SVG without a root <svg> element");
    }
    StringBuilder description = new StringBuilder()
        .append("x axis: ").append(chart.getXAxisTitle()).append('\n')
        .append("y axis: ").append(chart.getYAxisTitle()).append('\n')
        .append("series:");
    for (String series : chart.getSeriesMap().keySet()) {
      description.append('\n').append(series);
    }
    String metadata = "\n  <title>" + escape(chart.getTitle()) + "</title>"
        + "\n  <desc>" + escape(description.toString()) + "</desc>";
    String withMetadata = text.substring(0, rootEnd + 1) + metadata + text.substring(rootEnd + 1);
    return stableClipIds(withMetadata).getBytes(StandardCharsets.UTF_8);
  }

  // VectorGraphics2D names clip paths after identity hash codes, which differ from run to run;
  // numbering them in order of appearance makes the same chart produce the same bytes.
  private static String stableClipIds(String svg) {
    Map<String, String> renamed = new HashMap<>();
    Matcher m = CLIP_ID.matcher(svg);
    StringBuilder out = new StringBuilder(svg.length());
    while (m.find()) {
      String id = renamed.computeIfAbsent(m.group(), k -> "clip" + renamed.size());
      m.appendReplacement(out, id);
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
