package io.caravan.processes.camel;

import io.caravan.core.AttributeKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRegistry;
import io.caravan.core.step.UnknownStepException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real CamelContext, real routes and real exchanges through {@code caravan:step:<name>}. */
class CaravanComponentTest {

  private static final AttributeKey<String> RAN = AttributeKey.of("ran", String.class);

  private final CamelContext camel = new DefaultCamelContext();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    camel.close();
  }

  /** A Java step that marks the state with its name, so a test can tell which step ran. */
  private static Step marking(String name) {
    return Step.of(name, state -> state.with(RAN, name));
  }

  private static RagState state(String text) {
    return RagState.start(Query.of(text));
  }

  private ProducerTemplate template() {
    return camel.createProducerTemplate();
  }

  private RagState send(String uri, RagState in) {
    return template().requestBody(uri, in, RagState.class);
  }

  private void addRoutes(RouteBuilder routes) throws Exception {
    camel.addRoutes(routes);
  }

  /** Routes that record the headers they get, then hand the state back. */
  private RouteBuilder recording(String routeId, String from) {
    return new RouteBuilder() {
      @Override
      public void configure() {
        from(from).routeId(routeId).process(e -> seen.add(
            routeId + ": " + e.getMessage().getHeader(StepHeaders.QUERY) + " / " + e.getMessage().getHeader(StepHeaders.STATE_ID)));
      }
    };
  }

  @Test
  void aJavaStepRunsThroughItsEndpoint() {
    CaravanComponent.registry(camel).register(marking("mark"));
    camel.start();

    RagState in = state("where do camels rest?");
    RagState out = send("caravan:step:mark", in);

    assertThat(out.id()).isEqualTo(in.id());
    assertThat(out.get(RAN).orElse("")).isEqualTo("mark");
    StepEndpoint endpoint = camel.getEndpoint("caravan:step:mark", StepEndpoint.class);
    assertThat(endpoint.getName()).isEqualTo("mark");
    assertThat(endpoint.getConfiguration().getRegistry()).isSameAs(CaravanComponent.registry(camel));
    assertThat(CaravanComponent.stepUri("mark")).isEqualTo("caravan:step:mark");
  }

  @Test
  void anUnknownStepFailsTheExchangeNamingTheStepsThatExist() {
    CaravanComponent.registry(camel).register(marking("mark"));
    camel.start();

    assertThatThrownBy(() -> send("caravan:step:nope", state("q")))
        .isInstanceOf(CamelExecutionException.class)
        .cause()
        .isInstanceOf(UnknownStepException.class)
        .hasMessage("unknown step 'nope': no Java step or route is registered under that name (registered: mark)");
  }

  @Test
  void aBodyThatIsNotAQueryStateFailsTheExchange() {
    CaravanComponent.registry(camel).register(marking("mark"));
    camel.start();

    assertThatThrownBy(() -> template().requestBody("caravan:step:mark", "just text"))
        .isInstanceOf(CamelExecutionException.class)
        .hasCauseInstanceOf(InvalidPayloadException.class);
  }

  @Test
  void malformedEndpointsAreRefusedWhenCreated() {
    camel.start();
    assertThatThrownBy(() -> camel.getEndpoint("caravan:tool:mark"))
        .hasRootCauseMessage("endpoint caravan://tool:mark: expected caravan:step:<name>");
    assertThatThrownBy(() -> camel.getEndpoint("caravan:step:-mark"))
        .hasRootCauseMessage("step name must be letters, digits, '-', '_' or '.', starting with a letter or digit; was '-mark'");
    assertThatThrownBy(() -> CaravanComponent.stepUri("two words")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRouteConsumingTheEndpointIsTheStepWhileItRuns() throws Exception {
    addRoutes(recording("shout", "caravan:step:shout"));
    StepRegistry registry = CaravanComponent.registry(camel);
    assertThat(registry.contains("shout")).as("a route that has not started implements nothing yet").isFalse();
    camel.start();

    assertThat(registry.entry("shout")).get().extracting(StepRegistry.Entry::origin).isEqualTo("route 'shout'");
    RagState in = state("where do camels rest?");
    RagState out = send("caravan:step:shout", in);

    assertThat(out.id()).isEqualTo(in.id());
    assertThat(seen).containsExactly("shout: where do camels rest? / " + in.id());
    assertThat(out.trace().events()).singleElement().satisfies(e -> {
      assertThat(e.step()).isEqualTo("shout");
      assertThat(e.inputs()).isEqualTo(Map.of("route", "shout"));
      assertThat(e.duration()).isPositive();
    });

    camel.getRouteController().stopRoute("shout");
    assertThat(registry.contains("shout")).isFalse();
    assertThatThrownBy(() -> send("caravan:step:shout", in)).hasCauseInstanceOf(UnknownStepException.class);

    camel.getRouteController().startRoute("shout");
    assertThat(send("caravan:step:shout", in).trace().events()).hasSize(1);

    camel.getRouteController().stopRoute("shout");
    camel.removeRoute("shout");
    assertThat(registry.contains("shout")).isFalse();
  }

  @Test
  void traceFalseLeavesTheTraceToTheRoute() throws Exception {
    addRoutes(recording("quiet", "caravan:step:quiet?trace=false"));
    camel.start();

    assertThat(send("caravan:step:quiet", state("q")).trace().events()).isEmpty();
    assertThat(seen).hasSize(1);
  }

  @Test
  void aRouteMayCallOtherStepsAndEachShowsInTheTrace() throws Exception {
    CaravanComponent.registry(camel).register(Step.of("rerank", UnaryOperator.identity()));
    addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("caravan:step:careful-rerank").routeId("careful").to("caravan:step:rerank");
      }
    });
    camel.start();

    RagState out = send("caravan:step:careful-rerank", state("q"));

    assertThat(out.trace().events()).extracting(TraceEvent::step).containsExactly("rerank", "careful-rerank");
  }

  @Test
  void aRouteThatAnswersSomethingElseOrFailsFailsTheStepClearly() throws Exception {
    addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        errorHandler(noErrorHandler());
        from("caravan:step:chatty").routeId("chatty").setBody(constant("hello"));
        from("caravan:step:broken").routeId("broken").throwException(new IllegalStateException("index 'main' is offline"));
      }
    });
    camel.start();

    assertThatThrownBy(() -> send("caravan:step:chatty", state("q")))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route 'chatty' implementing step 'chatty' answered a String instead of the query state");
    assertThatThrownBy(() -> send("caravan:step:broken", state("q")))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("index 'main' is offline");
  }

  @Test
  void aRouteForANameAJavaStepHasStopsTheStart() throws Exception {
    CaravanComponent.registry(camel).register(marking("retrieve"));
    addRoutes(recording("mine", "caravan:step:retrieve"));

    assertThatThrownBy(camel::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'retrieve' is already registered (a Java step); route 'mine' cannot be registered under the"
            + " same name: a step name has one implementation");
  }

  @Test
  void twoRoutesForOneStepStopTheStart() throws Exception {
    addRoutes(recording("first", "caravan:step:shout"));
    addRoutes(recording("second", "direct:step-shout"));

    assertThatThrownBy(camel::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'shout' is already registered (route 'second'); route 'first' cannot be registered under the"
            + " same name: a step name has one implementation");
  }

  @Test
  void aRouteConsumingDirectStepIsAStepToo() throws Exception {
    addRoutes(recording("old", "direct:step-old"));
    StepRegistry registry = CaravanComponent.registry(camel);
    camel.start();

    assertThat(registry.entry("old")).get().extracting(StepRegistry.Entry::origin).isEqualTo("route 'old'");
    RagState in = state("legacy");
    RagState out = send("caravan:step:old", in);
    assertThat(out.id()).isEqualTo(in.id());
    assertThat(out.trace().events()).as("direct:step- routes keep their own trace policy, if any").isEmpty();
    assertThat(seen).containsExactly("old: legacy / " + in.id());

    // added to the running context: registered at once
    addRoutes(recording("late", "direct://step-late?timeout=100"));
    assertThat(registry.names()).containsExactly("late", "old");

    camel.getRouteController().stopRoute("old");
    assertThatThrownBy(() -> send("caravan:step:old", in))
        .cause()
        .hasMessage("route 'old' implementing step 'old' is not running");
    camel.getRouteController().startRoute("old");
    assertThat(send("caravan:step:old", in).id()).isEqualTo(in.id());

    camel.getRouteController().stopRoute("old");
    camel.removeRoute("old");
    assertThat(registry.names()).containsExactly("late");
  }

  @Test
  void directStepRoutesStartedBeforeTheComponentExistedAreFound() throws Exception {
    addRoutes(recording("early", "direct:step-early"));
    camel.start();
    assertThat(camel.hasComponent(CaravanComponent.SCHEME)).isNull();

    assertThat(CaravanComponent.registry(camel).names()).containsExactly("early");
  }

  @Test
  void aComponentAddedToARunningContextFindsItsDirectStepRoutes() throws Exception {
    addRoutes(recording("early", "direct:step-early"));
    camel.start();
    StepRegistry shared = new StepRegistry();
    camel.addComponent(CaravanComponent.SCHEME, new CaravanComponent(shared));

    assertThat(shared.names()).containsExactly("early");
    assertThat(send("caravan:step:early", state("q")).query().text()).isEqualTo("q");
  }

  @Test
  void aForwardingRouteIsNotASecondImplementation() throws Exception {
    CaravanComponent.registry(camel).register(marking("rerank"));
    addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("direct:step-rerank").routeId("step-rerank").routeProperty(CaravanComponent.FORWARDING_ROUTE, "rerank")
            .to("caravan:step:rerank");
      }
    });
    camel.start();

    assertThat(CaravanComponent.registry(camel).entry("rerank")).get().extracting(StepRegistry.Entry::origin)
        .isEqualTo(StepRegistry.JAVA_STEP);
    assertThat(send("direct:step-rerank", state("q")).get(RAN).orElse("")).isEqualTo("rerank");
  }

  @Test
  void theRegistryOptionPointsAnEndpointAtAnotherRegistry() {
    StepRegistry other = new StepRegistry();
    other.register(marking("elsewhere"));
    camel.getRegistry().bind("otherSteps", other);
    camel.start();

    assertThat(send("caravan:step:elsewhere?registry=#otherSteps", state("q")).get(RAN).orElse("")).isEqualTo("elsewhere");
    assertThatThrownBy(() -> send("caravan:step:elsewhere", state("q"))).hasCauseInstanceOf(UnknownStepException.class);
  }

  @Test
  void aComponentGivenARegistryUsesIt() {
    StepRegistry shared = new StepRegistry();
    shared.register(marking("mark"));
    camel.addComponent(CaravanComponent.SCHEME, new CaravanComponent(shared));
    camel.start();

    assertThat(CaravanComponent.registry(camel)).isSameAs(shared);
    assertThat(send("caravan:step:mark", state("q")).get(RAN).orElse("")).isEqualTo("mark");
  }

  @Test
  void theStepAnEndpointUriStandsFor() {
    assertThat(CaravanComponent.stepName("caravan:step:retrieve")).contains("retrieve");
    assertThat(CaravanComponent.stepName("caravan://step:adaptive-depth?trace=false")).contains("adaptive-depth");
    assertThat(CaravanComponent.stepName("direct:step-retrieve")).contains("retrieve");
    assertThat(CaravanComponent.stepName("direct://step-adaptive-depth?timeout=100")).contains("adaptive-depth");
    assertThat(CaravanComponent.stepName("direct:query")).isEmpty();
    assertThat(CaravanComponent.stepName("seda:step-retrieve")).isEmpty();
    assertThat(CaravanComponent.stepName("direct:step-")).isEmpty();
    assertThat(CaravanComponent.stepName("caravan:step:")).isEmpty();
    assertThat(CaravanComponent.stepName(null)).isEmpty();
  }
}
