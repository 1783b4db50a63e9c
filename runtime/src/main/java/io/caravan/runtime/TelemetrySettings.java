package io.caravan.runtime;

import java.net.URI;
import java.util.Objects;

/**
 * Where the spans of process runs go ({@code caravan.otel.*}). The library itself only takes an
 * {@code OpenTelemetry} ({@code Caravan.Builder.openTelemetry}); {@code caravan serve} builds one from
 * these settings. Off by default: no exporter, no cost beyond a no-op tracer.
 *
 * @param exporter {@code none}, {@code logging} (each span as a log line) or {@code otlp} (OTLP over HTTP)
 * @param endpoint the OTLP traces endpoint, e.g. {@code http://localhost:4318/v1/traces}
 * @param serviceName the {@code service.name} of the spans' resource
 */
public record TelemetrySettings(Exporter exporter, URI endpoint, String serviceName) {

  public TelemetrySettings {
    Objects.requireNonNull(exporter, "exporter");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(serviceName, "serviceName");
  }

  /** Where spans are exported to. */
  public enum Exporter {
    NONE,
    LOGGING,
    OTLP
  }
}
