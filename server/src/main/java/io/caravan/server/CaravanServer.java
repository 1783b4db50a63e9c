package io.caravan.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.runtime.Caravan;
import io.caravan.server.auth.KeyRateLimiter;
import io.caravan.server.mcp.McpEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/**
 * The hosted endpoint over one {@link Caravan}: a Vert.x HTTP server inside Caravan's Camel context
 * and the REST routes of {@link HttpApiRoutes}. A thin client of the library: everything it answers
 * comes from the instance it is given, which it does not own.
 *
 * <pre>{@code
 * try (Caravan caravan = Caravan.builder().build();
 *      CaravanServer server = CaravanServer.start(caravan, HttpSettings.local().withPort(0))) {
 *   System.out.println("listening on " + server.port());
 * }
 * }</pre>
 *
 * <p>Start-up cost: the Vert.x server and the REST routes, well under a second; the instance is
 * ready before the port opens, so {@code /health/ready} is 200 from the first request.
 */
public final class CaravanServer implements AutoCloseable {

  private final CamelContext camel;
  private final VertxPlatformHttpServer http;
  private final McpEndpoint mcp;
  private final ScrapedMetrics metrics;

  private CaravanServer(CamelContext camel, VertxPlatformHttpServer http, McpEndpoint mcp, ScrapedMetrics metrics) {
    this.camel = camel;
    this.http = http;
    this.mcp = mcp;
    this.metrics = metrics;
  }

  /** Starts listening with {@link HttpServerLimits#defaults()}; the port is {@link #port()} (useful with port 0). */
  public static CaravanServer start(Caravan caravan, HttpSettings settings) throws Exception {
    return start(caravan, settings, HttpServerLimits.defaults());
  }

  /**
   * Starts listening: who may call from {@code settings} ({@link HttpSettings#auth()}, for the REST
   * API and {@code /mcp} alike), timeouts, the connection cap and the query limits from {@code limits}.
   */
  public static CaravanServer start(Caravan caravan, HttpSettings settings, HttpServerLimits limits) throws Exception {
    Objects.requireNonNull(caravan, "caravan");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(limits, "limits");
    CamelContext ctx = caravan.camel();
    VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
    conf.setBindHost(settings.host());
    conf.setBindPort(settings.port());
    // Vert.x's own limit sits above ours so that our JSON 413 answers first
    conf.setMaxBodySize(settings.maxBodyBytes() + (1 << 20));
    ApiJson json = new ApiJson(new ObjectMapper());
    QueryAdmission admission = new QueryAdmission(limits.maxInFlight(), limits.maxQueued());
    ScrapedMetrics metrics = ScrapedMetrics.over(caravan.meterRegistry());
    HttpMetrics requests = new HttpMetrics(caravan.meterRegistry());
    VertxPlatformHttpServer server = new ApiHttpServer(conf, limits, json, admission, requests);
    try {
      ctx.addService(server, true, true);
    } catch (Exception | Error e) {
      metrics.close();
      throw e;
    }
    if (settings.port() == 0) {
      // Camel names the router after the configured port (0) while its consumers look it up under
      // the port the server actually bound; give the router that name too, before routes start
      ctx.getRegistry()
          .bind(
              VertxPlatformHttpRouter.getRouterNameFromPort(server.getServer().actualPort()),
              VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(0)));
    }
    KeyRateLimiter rates = new KeyRateLimiter(limits.ratePerKey());
    HttpApiRoutes routes =
        new HttpApiRoutes(caravan.processRunner(), caravan.processStore(), caravan.ingestor(), caravan::ready, settings, json, caravan.chatModel(),
            admission, rates, metrics.registry());
    McpEndpoint mcp;
    try {
      ctx.addRoutes(routes);
      mcp = new McpEndpoint(caravan.processRunner(), caravan::ready, settings.maxBodyBytes(), settings.maxQueryChars(), settings.auth(), json, admission, rates);
      mcp.installOn(VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(server.getServer().actualPort())));
    } catch (Exception e) {
      ctx.removeService(server);
      server.stop();
      metrics.close();
      throw e;
    }
    requests.routes(operationPaths(routes));
    return new CaravanServer(ctx, server, mcp, metrics);
  }

  /** The path template of every operation the routes serve, as the request metrics name routes. */
  private static List<String> operationPaths(HttpApiRoutes routes) {
    List<String> paths = new ArrayList<>();
    paths.add("/openapi.json");
    paths.add(McpEndpoint.PATH);
    for (RestDefinition rest : routes.getRestCollection().getRests()) {
      for (VerbDefinition verb : rest.getVerbs()) {
        paths.add(Objects.requireNonNullElse(rest.getPath(), "") + Objects.requireNonNullElse(verb.getPath(), ""));
      }
    }
    return paths;
  }

  /** The port the endpoint listens on. */
  public int port() {
    return http.getServer().actualPort();
  }

  /**
   * Stops listening; the Caravan instance stays open. The API routes stay in its context, unreachable,
   * so an instance serves HTTP once in its life.
   */
  @Override
  public void close() {
    mcp.close();
    try {
      camel.removeService(http);
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP server did not stop cleanly: " + e.getMessage(), e);
    } finally {
      try {
        http.stop();
      } finally {
        metrics.close();
      }
    }
  }
}
