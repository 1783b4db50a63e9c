package io.caravan.research.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.research.eval.report.Charts.Point;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Renders each chart for real (headless) and checks the files are well-formed images. */
@Timeout(60) // a layout bug in XChart shows up as a hang, not a failure
class ChartsTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  // Names with XML metacharacters check that the SVG writer escapes legend text.
  private static final String BM25 = "bm25";
  private static final String HYBRID = "hybrid & rerank <k=60>";

  private final Charts charts = new Charts(640, 400);

  @TempDir Path dir;

  private static Map<String, double[]> recall() {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put(BM25, new double[] {0.31, 0.52, 0.61, 0.70, 0.82});
    series.put(HYBRID, new double[] {0.42, 0.66, 0.74, 0.81, 0.90});
    return series;
  }

  private static final int[] KS = {1, 5, 10, 20, 100};

  private static Map<String, double[]> latencies() {
    Random random = new Random(7);
    Map<String, double[]> millis = new LinkedHashMap<>();
    millis.put(BM25, random.doubles(200).map(u -> 8 + 20 * u * u).toArray());
    millis.put(HYBRID, random.doubles(200).map(u -> 30 + 60 * u * u * u).toArray());
    return millis;
  }

  private static List<Point> points() {
    return List.of(new Point(BM25, 9.5, 0.41), new Point(HYBRID, 48.0, 0.53));
  }

  @Test
  void rendersHeadless() throws IOException {
    charts.recallAtK(recall(), KS, "recall", dir.resolve("r.png"));
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
  }

  @Test
  void recallAtKWritesSvgAndPng() throws Exception {
    charts.recallAtK(recall(), KS, "Recall@k on scifact", dir.resolve("recall.svg"));
    assertSvg(dir.resolve("recall.svg"), "Recall@k on scifact", BM25, HYBRID);
    charts.recallAtK(recall(), KS, "Recall@k on scifact", dir.resolve("recall.PNG"));
    assertPng(dir.resolve("recall.PNG"), 640, 400);
  }

  @Test
  void latencyHistogramWritesSvgAndPng() throws Exception {
    charts.latencyHistogram(latencies(), "Latency", dir.resolve("latency.svg"));
    // Legend entries carry the sample size.
    assertSvg(dir.resolve("latency.svg"), "Latency", BM25 + " (n=200)", HYBRID + " (n=200)");
    charts.latencyHistogram(latencies(), "Latency", dir.resolve("latency.png"));
    assertPng(dir.resolve("latency.png"), 640, 400);
  }

  @Test
  void costQualityWritesSvgAndPng() throws Exception {
    Path svg = dir.resolve("cost.svg");
    charts.costQuality(points(), "ms / query", "nDCG@10", "Cost vs quality", svg);
    assertSvg(svg, "Cost vs quality", BM25, HYBRID, "ms / query", "nDCG@10");
    Path png = dir.resolve("cost.png");
    new Charts(300, 900).costQuality(points(), "ms / query", "nDCG@10", "Cost vs quality", png);
    assertPng(png, 300, 900);
  }

  @Test
  void singlePointAndSingleValueChartsStillRender() throws Exception {
    charts.costQuality(List.of(new Point("only", 3, 0.5)), "calls", "nDCG@10", "one", dir.resolve("one.png"));
    assertPng(dir.resolve("one.png"), 640, 400);
    charts.latencyHistogram(Map.of("flat", new double[] {5, 5, 5}), "flat", dir.resolve("flat.svg"));
    assertSvg(dir.resolve("flat.svg"), "flat (n=3)");
    charts.recallAtK(Map.of("one k", new double[] {0.5}), new int[] {10}, "k=10", dir.resolve("k.svg"));
    assertSvg(dir.resolve("k.svg"), "one k");
  }

  @Test
  void overwritesAnExistingChartAndLeavesNoTemporaryFiles() throws Exception {
    Path out = dir.resolve("sub/dir/recall.svg");
    charts.recallAtK(recall(), KS, "first", out);
    charts.recallAtK(recall(), KS, "second title", out);
    assertSvg(out, "second title");
    assertThat(Files.readString(out)).doesNotContain("first");
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void rejectsAnExtensionThatIsNotSvgOrPng() {
    for (String name : List.of("chart.pdf", "chart", "svg", "chart.svg.txt", ".png")) {
      Path out = dir.resolve(name);
      assertThatThrownBy(() -> charts.recallAtK(recall(), KS, "t", out))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(out.toString())
          .hasMessageContaining(".svg or .png");
      assertThat(out).doesNotExist();
    }
    assertThatThrownBy(() -> charts.latencyHistogram(latencies(), "t", dir.resolve("l.jpg")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l.jpg");
    assertThatThrownBy(() -> charts.costQuality(points(), "x", "y", "t", dir.resolve("c.gif")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c.gif");
  }

  @Test
  void rejectsEmptyInput() {
    Path out = dir.resolve("e.svg");
    assertThatThrownBy(() -> charts.recallAtK(Map.of(), KS, "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one configuration");
    assertThatThrownBy(() -> charts.recallAtK(recall(), new int[0], "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one k");
    assertThatThrownBy(() -> charts.latencyHistogram(Map.of(), "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one configuration");
    assertThatThrownBy(() -> charts.latencyHistogram(Map.of("cfg", new double[0]), "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cfg' has no values");
    assertThatThrownBy(() -> charts.costQuality(List.of(), "x", "y", "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one point");
    assertThat(out).doesNotExist();
  }

  @Test
  void rejectsNonFiniteAndOutOfRangeValuesNamingTheSeries() {
    Path out = dir.resolve("bad.svg");
    Map<String, double[]> nan = new LinkedHashMap<>(recall());
    nan.put("broken", new double[] {0.1, Double.NaN, 0.3, 0.4, 0.5});
    assertThatThrownBy(() -> charts.recallAtK(nan, KS, "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'broken' recall@5")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> charts.recallAtK(Map.of("over", new double[] {1.2}), new int[] {1}, "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> charts.recallAtK(recall(), new int[] {1, 5, 5, 20, 100}, "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> charts.recallAtK(recall(), new int[] {1, 5}, "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 recall values for 2 ks");
    assertThatThrownBy(
            () -> charts.latencyHistogram(
                Map.of("slow", new double[] {3, Double.POSITIVE_INFINITY}), "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'slow' latency #1");
    assertThatThrownBy(() -> charts.latencyHistogram(Map.of("neg", new double[] {-1}), "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 0 ms");
    assertThatThrownBy(() -> new Point("p", Double.NaN, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'p'");
    assertThatThrownBy(
            () -> charts.costQuality(
                List.of(new Point("a", 1, 0.1), new Point("a", 2, 0.2)), "x", "y", "t", out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate point label 'a'");
    assertThatThrownBy(() -> new Charts(10, 400)).isInstanceOf(IllegalArgumentException.class);
    assertThat(out).doesNotExist();
  }

  private static void assertSvg(Path svg, String... texts) throws Exception {
    assertThat(Files.size(svg)).isPositive();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // The SVG names the W3C DTD; tests run offline, so do not fetch it.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = factory.newDocumentBuilder().parse(svg.toFile());
    assertThat(doc.getDocumentElement().getLocalName() == null
            ? doc.getDocumentElement().getTagName()
            : doc.getDocumentElement().getLocalName())
        .isEqualTo("svg");
    String content = doc.getDocumentElement().getTextContent();
    for (String text : texts) {
      assertThat(content).contains(text);
    }
  }

  private static void assertPng(Path png, int width, int height) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
  }
}
