package io.caravan.policies.depth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fits a {@link ComplexityClassifier}: softmax regression by full-batch gradient descent on the
 * class-balanced cross-entropy with L2 regularisation, features standardised by their training
 * mean and standard deviation. Deterministic (no sampling, zero start), so the same examples give
 * the same weights. Cost: {@code epochs * examples * features * classes} multiply-adds, about a
 * second for 1,000 queries.
 */
public final class ComplexityTrainer {

  /** One labelled query. */
  public record Example(String id, QueryFeatures features, String label) {
    public Example {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(features, "features");
      Objects.requireNonNull(label, "label");
    }
  }

  private final int epochs;
  private final double learningRate;
  private final double l2;

  public ComplexityTrainer(int epochs, double learningRate, double l2) {
    if (epochs < 1 || !(learningRate > 0) || !(l2 >= 0)) {
      throw new IllegalArgumentException("need epochs >= 1, learningRate > 0, l2 >= 0");
    }
    this.epochs = epochs;
    this.learningRate = learningRate;
    this.l2 = l2;
  }

  public ComplexityTrainer() {
    this(400, 0.5, 1e-3);
  }

  public ComplexityClassifier train(List<String> classes, List<Example> examples, Map<String, String> provenance) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    int dim = examples.get(0).features().embeddingDimension();
    int n = examples.get(0).features().size();
    int k = classes.size();
    int[] y = new int[examples.size()];
    int[] perClass = new int[k];
    for (int e = 0; e < examples.size(); e++) {
      Example ex = examples.get(e);
      if (ex.features().size() != n) {
        throw new IllegalArgumentException("example " + ex.id() + " has " + ex.features().size() + " features, the first has " + n);
      }
      y[e] = classes.indexOf(ex.label());
      if (y[e] < 0) {
        throw new IllegalArgumentException("example " + ex.id() + " has label " + ex.label() + ", not one of " + classes);
      }
      perClass[y[e]]++;
    }
    for (int c = 0; c < k; c++) {
      if (perClass[c] == 0) {
        throw new IllegalArgumentException("no training example of class " + classes.get(c));
      }
    }
    double[] mean = new double[n];
    double[] std = new double[n];
    for (Example ex : examples) {
      for (int i = 0; i < n; i++) {
        mean[i] += ex.features().value(i);
      }
    }
    for (int i = 0; i < n; i++) {
      mean[i] /= examples.size();
    }
    for (Example ex : examples) {
      for (int i = 0; i < n; i++) {
        double d = ex.features().value(i) - mean[i];
        std[i] += d * d;
      }
    }
    for (int i = 0; i < n; i++) {
      std[i] = Math.max(Math.sqrt(std[i] / examples.size()), 1e-6); // a constant feature must not divide by zero
    }
    double[][] x = new double[examples.size()][n];
    for (int e = 0; e < examples.size(); e++) {
      for (int i = 0; i < n; i++) {
        x[e][i] = (examples.get(e).features().value(i) - mean[i]) / std[i];
      }
    }
    // balanced: each class weighs as much in the loss however many examples it has
    double[] classWeight = new double[k];
    for (int c = 0; c < k; c++) {
      classWeight[c] = examples.size() / (double) (k * perClass[c]);
    }
    double[][] w = new double[k][n];
    double[] b = new double[k];
    double[][] gw = new double[k][n];
    double[] gb = new double[k];
    double[] z = new double[k];
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int c = 0; c < k; c++) {
        java.util.Arrays.fill(gw[c], 0);
      }
      java.util.Arrays.fill(gb, 0);
      for (int e = 0; e < x.length; e++) {
        for (int c = 0; c < k; c++) {
          double s = b[c];
          for (int i = 0; i < n; i++) {
            s += w[c][i] * x[e][i];
          }
          z[c] = s;
        }
        double[] p = ComplexityClassifier.softmax(z);
        double cw = classWeight[y[e]];
        for (int c = 0; c < k; c++) {
          double g = cw * (p[c] - (c == y[e] ? 1 : 0));
          gb[c] += g;
          for (int i = 0; i < n; i++) {
            gw[c][i] += g * x[e][i];
          }
        }
      }
      for (int c = 0; c < k; c++) {
        b[c] -= learningRate * gb[c] / x.length;
        for (int i = 0; i < n; i++) {
          w[c][i] -= learningRate * (gw[c][i] / x.length + l2 * w[c][i]);
        }
      }
    }
    Map<String, String> notes = new LinkedHashMap<>(provenance);
    notes.put("trainer", "softmax regression, balanced classes, " + epochs + " epochs, lr " + learningRate + ", l2 " + l2);
    return new ComplexityClassifier(classes, dim, mean, std, w, b, notes);
  }

  /** Share of {@code examples} the classifier labels correctly, and the confusion counts. */
  public static Accuracy accuracy(ComplexityClassifier classifier, List<Example> examples) {
    Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
    for (String c : classifier.classes()) {
      Map<String, Integer> row = new LinkedHashMap<>();
      for (String p : classifier.classes()) {
        row.put(p, 0);
      }
      confusion.put(c, row);
    }
    int right = 0;
    List<String> wrong = new ArrayList<>();
    for (Example ex : examples) {
      String got = classifier.classify(ex.features());
      confusion.get(ex.label()).merge(got, 1, Integer::sum);
      if (got.equals(ex.label())) {
        right++;
      } else {
        wrong.add(ex.id());
      }
    }
    return new Accuracy(examples.isEmpty() ? Double.NaN : right / (double) examples.size(), examples.size(), confusion, wrong);
  }

  /** Accuracy over {@code n} examples; {@code confusion} is true label to predicted label to count. */
  public record Accuracy(double accuracy, int n, Map<String, Map<String, Integer>> confusion, List<String> wrongIds) {}
}
