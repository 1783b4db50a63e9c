package io.caravan.cli;

import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.server.CaravanServer;
import io.caravan.server.HttpServerLimits;
import io.caravan.server.HttpSettings;
import io.caravan.server.SpanExport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the hosted endpoint (POST /v1/query, /v1/chat/completions, /v1/documents, /v1/processes, /mcp, /health, /metrics, /openapi.json); API keys required unless --open.")
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(names = "--port", description = "HTTP port (default: caravan.http.port, 8080; 0 picks a free one).")
  Integer port;

  @Option(names = "--host", description = "Address to bind (default: caravan.http.host, 127.0.0.1).")
  String host;

  @Option(names = "--open", description = "One local user without API keys (caravan.http.auth=open); loopback addresses only.")
  boolean open;

  @Override
  public Integer call() throws Exception {
    CaravanSettings s = common.settings(System.getenv());
    if (port != null) {
      s = s.with("caravan.http.port", port.toString());
    }
    if (host != null) {
      s = s.with("caravan.http.host", host);
    }
    if (open) {
      s = s.with("caravan.http.auth", "open");
    }
    HttpSettings http = HttpSettings.from(s);
    SpanExport spans = SpanExport.from(s.telemetry());
    Caravan caravan;
    try {
      // Prometheus from the start, so /metrics has every count since the instance was built
      caravan = Caravan.builder()
          .settings(s)
          .environment(System.getenv())
          .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
          .openTelemetry(spans.openTelemetry())
          .build();
    } catch (Exception | Error e) {
      spans.close();
      throw e;
    }
    CaravanServer server;
    try {
      server = CaravanServer.start(caravan, http, HttpServerLimits.from(s));
    } catch (Exception e) {
      try {
        caravan.close();
      } finally {
        spans.close();
      }
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } finally {
                    try {
                      caravan.close();
                    } finally {
                      spans.close();
                    }
                  }
                  stopped.countDown();
                },
                "caravan-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "caravan: serving on http://%s:%d  (%d documents, processes %s, generator %s)%n",
        http.host(),
        server.port(),
        caravan.documentCount(),
        caravan.processes().stream().map(p -> p.key()).toList(),
        caravan.describeGenerator());
    out.println("caravan: " + (http.auth().open() ? "open local mode: no API key needed on this machine" : "API keys: " + http.auth()));
    out.println("caravan: try  curl -s -XPOST localhost:" + server.port() + "/v1/query -H 'content-type: application/json'"
        + (http.auth().open() ? "" : " -H 'Authorization: Bearer <key>'") + " -d '{\"query\":\"What do the humps of a Bactrian camel store?\"}'");
    out.flush();
    stopped.await();
    return 0;
  }
}
