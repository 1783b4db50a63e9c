package io.caravan.server;

import io.caravan.runtime.TelemetrySettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Objects;

/**
 * The OpenTelemetry that {@code caravan serve} hands the instance, from {@code caravan.otel.*}:
 * {@link OpenTelemetry#noop()} for {@code none}, else an SDK whose spans go to the log ({@code
 * logging}, one line per span as it ends) or over OTLP/HTTP in batches ({@code otlp}). Closing it
 * exports what is still queued.
 *
 * <p>The SDK lives here rather than in the runtime, which takes any {@code OpenTelemetry}: an
 * application embedding Caravan has its own SDK or agent, and the library should not bring a second.
 */
public final class SpanExport implements AutoCloseable {

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;

  private SpanExport(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
  }

  public static SpanExport from(TelemetrySettings settings) {
    Objects.requireNonNull(settings, "settings");
    SpanProcessor processor = switch (settings.exporter()) {
      case NONE -> null;
      case LOGGING -> SimpleSpanProcessor.create(LoggingSpanExporter.create());
      case OTLP -> BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint().toString()).build()).build();
    };
    if (processor == null) {
      return new SpanExport(OpenTelemetry.noop(), null);
    }
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName())));
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().setResource(resource).addSpanProcessor(processor).build())
        .build();
    return new SpanExport(sdk, sdk);
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }
}
