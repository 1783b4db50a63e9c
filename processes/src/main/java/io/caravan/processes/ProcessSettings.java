package io.caravan.processes;

import java.util.Objects;

/**
 * How a {@link ProcessRunner} sets up its engine. {@code jdbcUrl} {@code null} means a private
 * in-memory H2 database that lives as long as the runner; any other URL needs its JDBC driver on
 * the classpath (PostgreSQL for several engine nodes sharing one database). {@code limits} bound
 * the BPMN documents it accepts; {@code timeouts} give a run that names no deadline its standard
 * one. BPMN files never run scripts, so there is no setting for them.
 */
public record ProcessSettings(
    String jdbcUrl, String jdbcUsername, String jdbcPassword, HistoryMode history, BpmnLimits limits, RunTimeouts timeouts) {

  public ProcessSettings {
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', was '" + jdbcUrl + "'");
    }
    jdbcUsername = jdbcUsername == null ? "" : jdbcUsername;
    jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /** Private in-memory H2, {@link HistoryMode#FAST}, {@link BpmnLimits#defaults()}, {@link RunTimeouts#defaults()}. */
  public static ProcessSettings defaults() {
    return new ProcessSettings(null, "sa", "", HistoryMode.FAST, BpmnLimits.defaults(), RunTimeouts.defaults());
  }

  public ProcessSettings withJdbc(String url, String username, String password) {
    return new ProcessSettings(url, username, password, history, limits, timeouts);
  }

  public ProcessSettings withHistory(HistoryMode mode) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, mode, limits, timeouts);
  }

  public ProcessSettings withLimits(BpmnLimits bpmnLimits) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, history, bpmnLimits, timeouts);
  }

  public ProcessSettings withTimeouts(RunTimeouts t) {
    return new ProcessSettings(jdbcUrl, jdbcUsername, jdbcPassword, history, limits, t);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "ProcessSettings[jdbcUrl=" + (jdbcUrl == null ? "in-memory H2" : jdbcUrl) + ", user=" + jdbcUsername
        + ", history=" + history + ", limits=" + limits + ", timeouts=" + timeouts + "]";
  }
}
