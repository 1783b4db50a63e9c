package io.caravan.processes;

import java.util.Objects;

/**
 * How a {@link ProcessRunner} sets up its engine. {@code jdbcUrl} {@code null} means a private
 * in-memory H2 database that lives as long as the runner; any other URL needs its JDBC driver on
 * the classpath (PostgreSQL for several engine nodes sharing one database).
 */
public record ProcessSettings(
    String jdbcUrl, String jdbcUsername, String jdbcPassword, HistoryMode history, boolean allowScripts) {

  public ProcessSettings {
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', was '" + jdbcUrl + "'");
    }
    jdbcUsername = jdbcUsername == null ? "" : jdbcUsername;
    jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
    Objects.requireNonNull(history, "history");
  }

  /** Private in-memory H2, {@link HistoryMode#FAST}, no scripts. */
  public static ProcessSettings defaults() {
    return new ProcessSettings(null, "sa", "", HistoryMode.FAST, false);
  }

  public ProcessSettings withJdbc(String url, String username, String password) {
    return new ProcessSettings(url, username, password, history, allowScripts);
  }

  public ProcessSettings withHistory(HistoryMode mode) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, mode, allowScripts);
  }

  public ProcessSettings withAllowScripts(boolean allow) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, history, allow);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "ProcessSettings[jdbcUrl=" + (jdbcUrl == null ? "in-memory H2" : jdbcUrl) + ", user=" + jdbcUsername
        + ", history=" + history + ", allowScripts=" + allowScripts + "]";
  }
}
