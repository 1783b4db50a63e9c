package io.caravan.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tool calls on a real CamelContext: routes declared as tools, {@code @Tool} methods, failures. */
class ToolCallerTest {

  static final String CITY = "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}";

  static final class Clock {
    @Tool("Hours between two time zones")
    int hoursBetween(@P("offset of the first zone") int from, @P("offset of the second zone") int to) {
      return to - from;
    }

    @Tool("Always fails")
    String broken(@P("anything") String x) {
      throw new IllegalStateException("the clock is broken: " + x);
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final ToolSchemas schemas = new ToolSchemas(json);
  private final AtomicInteger weatherCalls = new AtomicInteger();
  private CamelContext camel;
  private ToolCaller caller;
  private AnnotatedTools annotated;

  @BeforeEach
  void start() throws Exception {
    camel = new DefaultCamelContext();
    annotated = new AnnotatedTools(json, schemas, new Clock());
    camel.addRoutes(annotated);
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            // an "enterprise route" turned tool: it reads the argument map and answers a map
            from("direct:weather")
                .process(
                    ex -> {
                      weatherCalls.incrementAndGet();
                      Map<?, ?> args = ex.getMessage().getBody(Map.class);
                      ex.getMessage().setBody(Map.of("city", args.get("city"), "forecast", "rain", "tool", ex.getMessage().getHeader(ToolCaller.TOOL_HEADER)));
                    });
            from("direct:flaky").throwException(new IllegalStateException("upstream timed out"));
          }
        });
    camel.start();
    caller = new ToolCaller(camel.createProducerTemplate(), schemas, new ArgumentValidator(), json);
  }

  @AfterEach
  void stop() throws Exception {
    camel.close();
  }

  @Test
  void aCamelRouteIsCalledAsATool() throws Exception {
    ToolResult r = caller.call(new ToolDescriptor("weather", "Weather forecast for a city", CITY, null, "direct:weather"), "{\"city\": \"Oslo\"}");
    assertThat(r.ok()).isTrue();
    assertThat(json.readTree(r.text()).path("forecast").asText()).isEqualTo("rain");
    assertThat(json.readTree(r.text()).path("tool").asText()).isEqualTo("weather");
    assertThat(weatherCalls).hasValue(1);
  }

  @Test
  void invalidArgumentsNeverReachTheRoute() {
    ToolDescriptor weather = new ToolDescriptor("weather", "Weather forecast for a city", CITY, null, "direct:weather");
    ToolResult missing = caller.call(weather, "{\"town\": \"Oslo\"}");
    assertThat(missing.ok()).isFalse();
    assertThat(missing.text()).isEqualTo("ERROR: invalid arguments for weather: arguments.city is required; arguments.town is not a parameter of this tool");
    ToolResult garbage = caller.call(weather, "{city: Oslo");
    assertThat(garbage.ok()).isFalse();
    assertThat(garbage.text()).startsWith("ERROR: arguments are not valid JSON");
    assertThat(weatherCalls).hasValue(0);
  }

  @Test
  void aFailingToolIsAnErrorResultNotAnException() {
    ToolResult r = caller.call(new ToolDescriptor("flaky", "A route that fails", null, null, "direct:flaky"), "{}");
    assertThat(r.ok()).isFalse();
    assertThat(r.text()).isEqualTo("ERROR: tool flaky failed: upstream timed out");
    ToolResult unrouted = caller.call(new ToolDescriptor("nowhere", "No route consumes it", null, null, "direct:nowhere"), "{}");
    assertThat(unrouted.ok()).isFalse();
    assertThat(unrouted.text()).startsWith("ERROR: tool nowhere failed:");
    ToolResult noEndpoint = caller.call(new ToolDescriptor("catalogued", "Only described", null, null, null), "{}");
    assertThat(noEndpoint.text()).isEqualTo("ERROR: tool catalogued has no endpoint: it can be retrieved but not called");
  }

  @Test
  void langChain4jToolMethodsRunThroughTheirOwnRoutes() {
    List<ToolDescriptor> tools = annotated.descriptors();
    assertThat(tools).extracting(ToolDescriptor::name).containsExactlyInAnyOrder("hoursBetween", "broken");
    ToolDescriptor hours = tools.stream().filter(t -> t.name().equals("hoursBetween")).findFirst().orElseThrow();
    assertThat(hours.endpointUri()).isEqualTo("direct:tool-hoursBetween");
    assertThat(hours.description()).isEqualTo("Hours between two time zones");
    assertThat(caller.call(hours, "{\"from\": 1, \"to\": 9}").text()).isEqualTo("8");
    assertThat(caller.call(hours, "{\"from\": \"one\", \"to\": 9}").text()).contains("arguments.from must be an integer");
    ToolDescriptor broken = tools.stream().filter(t -> t.name().equals("broken")).findFirst().orElseThrow();
    assertThat(caller.call(broken, "{\"x\": \"tick\"}").text()).isEqualTo("ERROR: tool broken failed: the clock is broken: tick");
  }
}
