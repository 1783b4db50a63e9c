package io.caravan.cli;

import io.caravan.ingest.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar with rate and ETA for long ingests. On a terminal it redraws in place;
 * otherwise (CI logs, pipes) it prints a line every tenth of the work so logs stay short.
 */
public final class ProgressBar implements ProgressListener {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private final String label;
  private final String unit;
  private final long startNanos = System.nanoTime();
  private int lastDecile = -1;
  private long lastDrawNanos;

  public ProgressBar(PrintWriter out, boolean terminal, String label) {
    this(out, terminal, label, "docs");
  }

  /** @param unit what is counted, for the rate ({@code docs/s}, {@code queries/s}) */
  public ProgressBar(PrintWriter out, boolean terminal, String label, String unit) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
    this.unit = unit;
  }

  @Override
  public synchronized void onProgress(int done, int total) {
    long now = System.nanoTime();
    boolean last = done >= total;
    if (terminal) {
      if (!last && now - lastDrawNanos < 100_000_000L) {
        return; // at most ten redraws a second
      }
      lastDrawNanos = now;
      out.print('\r' + line(done, total, now));
      if (last) {
        out.println();
      }
    } else {
      int decile = total == 0 ? 10 : done * 10 / total;
      if (decile != lastDecile) {
        lastDecile = decile;
        out.println(line(done, total, now));
      }
    }
    out.flush();
  }

  String line(int done, int total, long now) {
    double frac = total == 0 ? 1 : Math.min(1, done / (double) total);
    int filled = (int) Math.round(frac * WIDTH);
    double secs = (now - startNanos) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    String eta = done == 0 || rate == 0 ? "--" : formatSeconds((total - done) / rate);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d %3.0f%%  %.1f %s/s  ETA %s ",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        frac * 100,
        rate,
        unit,
        eta);
  }

  private static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
  }
}
