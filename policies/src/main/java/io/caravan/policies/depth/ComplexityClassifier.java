package io.caravan.policies.depth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The query-complexity classifier (Adaptive-RAG's "classifier" node): softmax regression over
 * standardised {@link QueryFeatures}, three classes {@link AdaptiveDepthPolicy#NO_RETRIEVAL},
 * {@link AdaptiveDepthPolicy#SINGLE_STEP} and {@link AdaptiveDepthPolicy#MULTI_STEP}. Small on
 * purpose: 3 x 395 weights, one dot product per class per query (microseconds), trained in about a
 * second by {@link ComplexityTrainer}.
 *
 * <p>The bundled weights ({@code complexity-classifier.tsv} beside this class) come from {@code
 * caravan policy train-depth}; their provenance (data, split, held-back accuracy) is in the file's
 * {@code meta} lines and in {@link #provenance()}.
 *
 * <p>File format, one record per line, tab-separated, {@code #} lines ignored: {@code meta KEY
 * VALUE}, {@code classes C...}, {@code features DIM LEXICAL...}, {@code mean V...}, {@code std
 * V...}, {@code bias B...} and one {@code weights CLASS V...} per class. Immutable, thread-safe.
 */
public final class ComplexityClassifier {

  public static final String BUNDLED = "complexity-classifier.tsv";

  private final List<String> classes;
  private final int embeddingDimension;
  private final double[] mean;
  private final double[] std;
  private final double[][] weights;
  private final double[] bias;
  private final Map<String, String> provenance;

  ComplexityClassifier(
      List<String> classes, int embeddingDimension, double[] mean, double[] std, double[][] weights, double[] bias, Map<String, String> provenance) {
    this.classes = List.copyOf(classes);
    this.embeddingDimension = embeddingDimension;
    int n = embeddingDimension + QueryFeatures.LEXICAL.size();
    if (mean.length != n || std.length != n) {
      throw new IllegalArgumentException("mean and std need " + n + " values, have " + mean.length + " and " + std.length);
    }
    if (weights.length != classes.size() || bias.length != classes.size()) {
      throw new IllegalArgumentException("need one weight row and one bias per class (" + classes.size() + ")");
    }
    for (int c = 0; c < weights.length; c++) {
      if (weights[c].length != n) {
        throw new IllegalArgumentException("weights of class " + classes.get(c) + " have " + weights[c].length + " values, need " + n);
      }
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be positive");
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
    this.weights = new double[weights.length][];
    for (int c = 0; c < weights.length; c++) {
      this.weights[c] = weights[c].clone();
    }
    this.bias = bias.clone();
    this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /** The weights shipped with Caravan. */
  public static ComplexityClassifier bundled() {
    try (InputStream in = ComplexityClassifier.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("bundled classifier " + BUNDLED + " is missing from the class path");
      }
      return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled classifier: " + e.getMessage(), e);
    }
  }

  /** Reads a classifier file; {@code source} names it in errors. */
  public static ComplexityClassifier read(Reader reader, String source) throws IOException {
    List<String> classes = null;
    int dim = -1;
    double[] mean = null;
    double[] std = null;
    double[] bias = null;
    Map<String, double[]> rows = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(reader);
    String line;
    int no = 0;
    try {
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        switch (f[0]) {
          case "meta" -> meta.put(f[1], f.length > 2 ? f[2] : "");
          case "classes" -> classes = List.of(f).subList(1, f.length);
          case "features" -> {
            dim = Integer.parseInt(f[1]);
            List<String> lex = List.of(f).subList(2, f.length);
            if (!lex.equals(QueryFeatures.LEXICAL)) {
              throw new IllegalArgumentException("lexical features " + lex + " differ from this version's " + QueryFeatures.LEXICAL + "; retrain");
            }
          }
          case "mean" -> mean = numbers(f, 1);
          case "std" -> std = numbers(f, 1);
          case "bias" -> bias = numbers(f, 1);
          case "weights" -> rows.put(f[1], numbers(f, 2));
          default -> throw new IllegalArgumentException("unknown record '" + f[0] + "'");
        }
      }
      if (classes == null || dim < 0 || mean == null || std == null || bias == null) {
        throw new IllegalArgumentException("needs classes, features, mean, std and bias records");
      }
      double[][] w = new double[classes.size()][];
      for (int c = 0; c < classes.size(); c++) {
        w[c] = rows.get(classes.get(c));
        if (w[c] == null) {
          throw new IllegalArgumentException("no weights for class " + classes.get(c));
        }
      }
      return new ComplexityClassifier(classes, dim, mean, std, w, bias, meta);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad classifier file " + source + (no > 0 ? " (line " + no + ")" : "") + ": " + e.getMessage(), e);
    }
  }

  private static double[] numbers(String[] f, int from) {
    double[] v = new double[f.length - from];
    for (int i = from; i < f.length; i++) {
      v[i - from] = Double.parseDouble(f[i]);
    }
    return v;
  }

  /** Writes this classifier in the format {@link #read} reads. */
  public void write(Writer out) throws IOException {
    out.write("# Caravan query-complexity classifier (softmax regression over standardised QueryFeatures)\n");
    for (Map.Entry<String, String> e : provenance.entrySet()) {
      out.write("meta\t" + e.getKey() + "\t" + e.getValue().replace('\t', ' ').replace('\n', ' ') + "\n");
    }
    out.write("classes\t" + String.join("\t", classes) + "\n");
    out.write("features\t" + embeddingDimension + "\t" + String.join("\t", QueryFeatures.LEXICAL) + "\n");
    out.write(row("mean", mean));
    out.write(row("std", std));
    out.write(row("bias", bias));
    for (int c = 0; c < classes.size(); c++) {
      out.write(row("weights\t" + classes.get(c), weights[c]));
    }
  }

  private static String row(String head, double[] v) {
    StringBuilder sb = new StringBuilder(head);
    for (double x : v) {
      sb.append('\t').append(String.format(Locale.ROOT, "%.6g", x));
    }
    return sb.append('\n').toString();
  }

  /** Class probabilities, keyed by class name in the classifier's class order. */
  public Map<String, Double> probabilities(QueryFeatures features) {
    Objects.requireNonNull(features, "features");
    if (features.embeddingDimension() != embeddingDimension) {
      throw new IllegalArgumentException(
          "the classifier was trained on " + embeddingDimension + "-dimensional embeddings, the query has "
              + features.embeddingDimension() + " (another encoder?); retrain it with this encoder");
    }
    double[] p = softmax(logits(features.vector()));
    Map<String, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      out.put(classes.get(c), p[c]);
    }
    return out;
  }

  double[] logits(double[] x) {
    double[] z = new double[classes.size()];
    for (int c = 0; c < z.length; c++) {
      double s = bias[c];
      for (int i = 0; i < x.length; i++) {
        s += weights[c][i] * ((x[i] - mean[i]) / std[i]);
      }
      z[c] = s;
    }
    return z;
  }

  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** The most probable class. */
  public String classify(QueryFeatures features) {
    Map<String, Double> p = probabilities(features);
    return Collections.max(p.entrySet(), Map.Entry.comparingByValue()).getKey();
  }

  public List<String> classes() {
    return classes;
  }

  public Map<String, String> provenance() {
    return provenance;
  }

  /** This classifier with different provenance notes (e.g. the held-back accuracy once measured). */
  public ComplexityClassifier withProvenance(Map<String, String> notes) {
    return new ComplexityClassifier(classes, embeddingDimension, mean, std, weights, bias, notes);
  }

  @Override
  public String toString() {
    return "ComplexityClassifier(" + classes + ", " + embeddingDimension + "-d embedding, " + provenance.getOrDefault("trained-on", "?") + ")";
  }
}
