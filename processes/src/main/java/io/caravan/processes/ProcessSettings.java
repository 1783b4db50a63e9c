package io.caravan.processes;

import java.util.Objects;

/**
 * How a {@link ProcessRunner} sets up its engine. {@code jdbcUrl} {@code null} means a private
 * in-memory H2 database that lives as long as the runner; any other URL needs its JDBC driver on
 * the classpath (PostgreSQL for several engine nodes sharing one database). {@code limits} bound
 * the BPMN documents it accepts. BPMN files never run scripts, so there is no setting for them.
 */
public record ProcessSettings(
    String jdbcUrl, String jdbcUsername, String jdbcPassword, HistoryMode history, BpmnLimits limits) {

  public ProcessSettings {
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', was '" + jdbcUrl + "'");
    }
    jdbcUsername = jdbcUsername == null ? "" : jdbcUsername;
    jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(limits, "limits");
  }

  /** Private in-memory H2, {@link HistoryMode#FAST}, {@link BpmnLimits#defaults()}. */
  public static ProcessSettings defaults() {
    return new ProcessSettings(null, "sa", "", HistoryMode.FAST, BpmnLimits.defaults());
  }

  public ProcessSettings withJdbc(String url, String username, String password) {
    return new ProcessSettings(url, username, password, history, limits);
  }

  public ProcessSettings withHistory(HistoryMode mode) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, mode, limits);
  }

  public ProcessSettings withLimits(BpmnLimits bpmnLimits) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, history, bpmnLimits);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "ProcessSettings[jdbcUrl=" + (jdbcUrl == null ? "in-memory H2" : jdbcUrl) + ", user=" + jdbcUsername
        + ", history=" + history + ", limits=" + limits + "]";
  }
}
