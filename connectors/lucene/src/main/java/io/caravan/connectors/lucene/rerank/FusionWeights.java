package io.caravan.connectors.lucene.rerank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A linear model over {@link FusionFeatures}: {@code score = bias + sum_j weight_j * (x_j -
 * mean_j) / scale_j}, with the standardisation learnt on the training data kept beside the weights.
 * {@code provenance} says where the numbers came from (data, date, command, training metrics) and
 * travels with them in the JSON file.
 *
 * <p>The file lists its features by name; loading refuses a file whose names are not exactly {@link
 * FusionFeatures#NAMES} in order, so weights can never be applied to features they were not trained
 * on.
 *
 * <p>As a {@link FusionScorer} it is the in-process scorer: one dot product per row.
 */
public record FusionWeights(
    List<String> features, double[] mean, double[] scale, double[] weights, double bias, Map<String, Object> provenance)
    implements FusionScorer {

  /** The weights shipped in this module: trained on SciFact's train split (see their provenance). */
  public static final String BUNDLED_RESOURCE = "/io/caravan/connectors/lucene/rerank/fusion-weights-scifact.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public FusionWeights {
    features = List.copyOf(Objects.requireNonNull(features, "features"));
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(weights, "weights");
    if (!features.equals(FusionFeatures.NAMES)) {
      throw new IllegalArgumentException("weights are for features " + features + " but this reranker computes " + FusionFeatures.NAMES);
    }
    int n = features.size();
    if (mean.length != n || scale.length != n || weights.length != n) {
      throw new IllegalArgumentException(
          "expected " + n + " values each for mean, scale and weights, got " + mean.length + ", " + scale.length + ", " + weights.length);
    }
    for (int j = 0; j < n; j++) {
      if (!Double.isFinite(mean[j]) || !Double.isFinite(weights[j]) || !(scale[j] > 0) || Double.isInfinite(scale[j])) {
        throw new IllegalArgumentException(
            "feature " + features.get(j) + ": mean and weight must be finite and scale finite and > 0, got mean "
                + mean[j] + ", scale " + scale[j] + ", weight " + weights[j]);
      }
    }
    if (!Double.isFinite(bias)) {
      throw new IllegalArgumentException("bias must be finite, was " + bias);
    }
    mean = mean.clone();
    scale = scale.clone();
    weights = weights.clone();
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance == null ? Map.of() : provenance));
  }

  /** The linear score of one feature row. */
  public double score(double[] row) {
    if (row.length != weights.length) {
      throw new IllegalArgumentException("feature row has " + row.length + " values, expected " + weights.length);
    }
    double s = bias;
    for (int j = 0; j < row.length; j++) {
      s += weights[j] * (row[j] - mean[j]) / scale[j];
    }
    return s;
  }

  @Override
  public Scores score(List<double[]> rows) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = score(rows.get(i));
    }
    return Scores.of(out);
  }

  public static FusionWeights bundled() {
    try (InputStream in = FusionWeights.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BUNDLED_RESOURCE + " is missing from the classpath");
      }
      return read(in, "resource " + BUNDLED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + BUNDLED_RESOURCE, e);
    }
  }

  /** @throws IllegalArgumentException naming the file when it is not a valid weights file */
  public static FusionWeights load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fusion weights " + file, e);
    }
  }

  static FusionWeights read(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + " must hold a JSON object with features, mean, scale, weights and bias");
    }
    try {
      List<String> names = new ArrayList<>();
      for (JsonNode n : array(root, "features", source)) {
        names.add(n.asText());
      }
      JsonNode bias = root.get("bias");
      if (bias == null || !bias.isNumber()) {
        throw new IllegalArgumentException("missing or non-numeric 'bias'");
      }
      Map<String, Object> provenance = new LinkedHashMap<>();
      JsonNode p = root.path("provenance");
      if (p.isObject()) {
        provenance = JSON.convertValue(p, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
      }
      return new FusionWeights(
          names, numbers(root, "mean", source), numbers(root, "scale", source), numbers(root, "weights", source), bias.asDouble(), provenance);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad fusion weights in " + source + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode names = root.putArray("features");
    features.forEach(names::add);
    put(root.putArray("mean"), mean);
    put(root.putArray("scale"), scale);
    put(root.putArray("weights"), weights);
    root.put("bias", bias);
    root.set("provenance", JSON.valueToTree(provenance));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write fusion weights to " + file, e);
    }
  }

  private static void put(ArrayNode a, double[] values) {
    for (double v : values) {
      a.add(v);
    }
  }

  private static JsonNode array(JsonNode root, String field, String source) {
    JsonNode a = root.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("missing array '" + field + "'");
    }
    return a;
  }

  private static double[] numbers(JsonNode root, String field, String source) {
    JsonNode a = array(root, field, source);
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).isNumber()) {
        throw new IllegalArgumentException("'" + field + "'[" + i + "] is not a number: " + a.get(i));
      }
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  // arrays compare by content, so two loads of one file are equal
  @Override
  public boolean equals(Object o) {
    return o instanceof FusionWeights w
        && features.equals(w.features)
        && java.util.Arrays.equals(mean, w.mean)
        && java.util.Arrays.equals(scale, w.scale)
        && java.util.Arrays.equals(weights, w.weights)
        && Double.compare(bias, w.bias) == 0
        && provenance.equals(w.provenance);
  }

  @Override
  public int hashCode() {
    return Objects.hash(features, java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(scale), java.util.Arrays.hashCode(weights), bias, provenance);
  }

  @Override
  public String toString() {
    return "FusionWeights(" + features.size() + " features, trained " + provenance.getOrDefault("date", "?") + " on "
        + provenance.getOrDefault("data", "?") + ")";
  }
}
