package io.caravan.research.bench;

import java.util.List;

/**
 * A linear ranking model fitted by pairwise logistic regression (linear RankNet): for every
 * (relevant, non-relevant) pair of one query it minimises {@code log(1 + exp(-w . (x_pos - x_neg)))}
 * plus {@code lambda / 2 * |w|^2}. Each query weighs the same whatever its number of pairs, so a
 * query with many judged documents does not dominate. Solved by Newton's method (the Hessian is
 * d x d, with d the few features), which converges in a handful of iterations.
 *
 * <p>Features are expected standardised. A feature left out by {@code mask} keeps weight 0.
 */
public final class PairwiseLogisticRegression {

  /** The rows and 0/1 labels of one query's candidates. */
  public record Group(List<double[]> rows, boolean[] relevant) {}

  private final double lambda;
  private final boolean[] mask;

  public PairwiseLogisticRegression(double lambda, boolean[] mask) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, was " + lambda);
    }
    this.lambda = lambda;
    this.mask = mask.clone();
  }

  public double[] fit(List<Group> groups) {
    int d = mask.length;
    double[] w = new double[d];
    for (int iter = 0; iter < 50; iter++) {
      double[] grad = new double[d];
      double[][] hess = new double[d][d];
      for (Group g : groups) {
        int pos = 0;
        for (boolean r : g.relevant()) {
          pos += r ? 1 : 0;
        }
        int pairs = pos * (g.relevant().length - pos);
        if (pairs == 0) {
          continue;
        }
        double weight = 1.0 / pairs;
        for (int i = 0; i < g.rows().size(); i++) {
          if (!g.relevant()[i]) {
            continue;
          }
          for (int j = 0; j < g.rows().size(); j++) {
            if (g.relevant()[j]) {
              continue;
            }
            double[] a = g.rows().get(i);
            double[] b = g.rows().get(j);
            double margin = 0;
            for (int f = 0; f < d; f++) {
              margin += w[f] * (a[f] - b[f]);
            }
            double p = 1 / (1 + Math.exp(margin)); // probability the pair is misordered
            double h = p * (1 - p);
            for (int f = 0; f < d; f++) {
              if (!mask[f]) {
                continue;
              }
              double xf = a[f] - b[f];
              grad[f] -= weight * p * xf;
              for (int e = 0; e < d; e++) {
                if (mask[e]) {
                  hess[f][e] += weight * h * xf * (a[e] - b[e]);
                }
              }
            }
          }
        }
      }
      for (int f = 0; f < d; f++) {
        grad[f] += lambda * w[f];
        hess[f][f] += mask[f] ? lambda + 1e-9 : 1;
        if (!mask[f]) {
          grad[f] = 0;
        }
      }
      double[] step = solve(hess, grad);
      double size = 0;
      for (int f = 0; f < d; f++) {
        w[f] -= step[f];
        size = Math.max(size, Math.abs(step[f]));
      }
      if (size < 1e-8) {
        break;
      }
    }
    return w;
  }

  /** Gaussian elimination with partial pivoting; {@code a} is symmetric positive definite here. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      if (m[c][c] == 0) {
        throw new IllegalStateException("singular system: feature " + c + " carries no information");
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = m[r][c] / m[c][c];
          for (int k = c; k <= n; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = m[i][n] / m[i][i];
    }
    return x;
  }
}
