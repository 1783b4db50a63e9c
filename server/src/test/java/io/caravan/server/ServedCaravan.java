package io.caravan.server;

import io.caravan.processes.ProcessRunner;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** A Caravan instance and its HTTP server, started and closed together, as {@code caravan serve} runs them. */
final class ServedCaravan implements AutoCloseable {

  private final Caravan caravan;
  private final CaravanServer server;

  private ServedCaravan(Caravan caravan, CaravanServer server) {
    this.caravan = caravan;
    this.server = server;
  }

  /** An instance from {@code settings} (no chat model, a Prometheus registry as serve gives it), serving on {@code caravan.http.port}. */
  static ServedCaravan start(CaravanSettings settings) throws Exception {
    Caravan caravan = Caravan.builder().settings(settings).meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build();
    try {
      return new ServedCaravan(caravan, CaravanServer.start(caravan, HttpSettings.from(settings), HttpServerLimits.from(settings)));
    } catch (Exception | Error e) {
      caravan.close();
      throw e;
    }
  }

  Caravan caravan() {
    return caravan;
  }

  int httpPort() {
    return server.port();
  }

  ProcessRunner processRunner() {
    return caravan.processRunner();
  }

  long documentCount() {
    return caravan.documentCount();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      caravan.close();
    }
  }
}
