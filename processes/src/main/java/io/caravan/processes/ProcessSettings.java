package io.caravan.processes;

import java.util.Objects;

/**
 * How a {@link ProcessRunner} sets up its engine. {@code jdbcUrl} {@code null} means a private
 * in-memory H2 database that lives as long as the runner; any other URL needs its JDBC driver on
 * the classpath (PostgreSQL for several engine nodes sharing one database). {@code timeouts} give a
 * run that names no deadline its standard one.
 */
public record ProcessSettings(
    String jdbcUrl, String jdbcUsername, String jdbcPassword, HistoryMode history, boolean allowScripts, RunTimeouts timeouts) {

  public ProcessSettings {
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', was '" + jdbcUrl + "'");
    }
    jdbcUsername = jdbcUsername == null ? "" : jdbcUsername;
    jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /** Private in-memory H2, {@link HistoryMode#FAST}, no scripts, {@link RunTimeouts#defaults()}. */
  public static ProcessSettings defaults() {
    return new ProcessSettings(null, "sa", "", HistoryMode.FAST, false, RunTimeouts.defaults());
  }

  public ProcessSettings withJdbc(String url, String username, String password) {
    return new ProcessSettings(url, username, password, history, allowScripts, timeouts);
  }

  public ProcessSettings withHistory(HistoryMode mode) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, mode, allowScripts, timeouts);
  }

  public ProcessSettings withAllowScripts(boolean allow) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, history, allow, timeouts);
  }

  public ProcessSettings withTimeouts(RunTimeouts t) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, history, allowScripts, t);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "ProcessSettings[jdbcUrl=" + (jdbcUrl == null ? "in-memory H2" : jdbcUrl) + ", user=" + jdbcUsername
        + ", history=" + history + ", allowScripts=" + allowScripts + ", timeouts=" + timeouts + "]";
  }
}
