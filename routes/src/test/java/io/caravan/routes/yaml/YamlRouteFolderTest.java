package io.caravan.routes.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.step.RerankStep;
import io.caravan.core.spi.Reranker;
import io.caravan.processes.camel.CaravanComponent;
import io.caravan.routes.steps.RouteStepTrace;
import io.caravan.routes.steps.StepRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Camel context, real YAML DSL loader, files written to a temporary folder. */
class YamlRouteFolderTest {

  @TempDir Path dir;

  private final CamelContext camel = new DefaultCamelContext();

  @AfterEach
  void stop() {
    camel.stop();
  }

  private Path write(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void loadsYamlFilesInNameOrderAndTracesTheStepsTheyImplement() throws Exception {
    write("b-step.camel.yaml", """
        - route:
            id: shout
            from:
              uri: direct:step-shout
              steps:
                - to: direct:seen
        """);
    write("a-other.yaml", """
        - route:
            from:
              uri: direct:other
              steps:
                - setBody:
                    constant: done
        """);
    write("notes.txt", "not a route file");
    write(".hidden.yaml", "- not: loaded");
    List<String> seen = new CopyOnWriteArrayList<>();
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("direct:seen").process(e -> seen.add(
            e.getMessage().getHeader(RouteStepTrace.QUERY_HEADER) + " / " + e.getMessage().getHeader(RouteStepTrace.STATE_HEADER)));
      }
    });

    List<Path> loaded = new YamlRouteFolder(dir).loadInto(camel);
    camel.start();

    assertThat(loaded).extracting(p -> p.getFileName().toString()).containsExactly("a-other.yaml", "b-step.camel.yaml");
    assertThat(camel.getRoute("a-other-1")).as("a route without id is named after its file").isNotNull();
    assertThat(CaravanComponent.registry(camel).names()).contains("shout");
    RagState in = RagState.start(Query.of("where do camels rest?"));
    RagState out = camel.createProducerTemplate().requestBody(CaravanComponent.stepUri("shout"), in, RagState.class);

    assertThat(out.id()).isEqualTo(in.id());
    assertThat(out.trace().events()).singleElement().satisfies(e -> {
      assertThat(e.step()).isEqualTo("shout");
      assertThat(e.inputs()).isEqualTo(Map.of("route", "shout"));
      assertThat(e.duration()).isPositive();
    });
    assertThat(seen).containsExactly("where do camels rest? / " + in.id());
    assertThat(camel.createProducerTemplate().requestBody("direct:other", "x")).isEqualTo("done");
  }

  @Test
  void aYamlStepCallingAJavaStepKeepsBothEventsInOrder() throws Exception {
    camel.addRoutes(new StepRoutes(List.of(new RerankStep(Reranker.keepOrder()))));
    write("wrap.yaml", """
        - route:
            from:
              uri: direct:step-careful-rerank
              steps:
                - to: direct:step-rerank
        """);
    new YamlRouteFolder(dir).loadInto(camel);
    camel.start();

    RagState out = camel.createProducerTemplate()
        .requestBody(CaravanComponent.stepUri("careful-rerank"), RagState.start(Query.of("q")), RagState.class);

    assertThat(out.trace().events()).extracting(TraceEvent::step).containsExactly("rerank", "careful-rerank");
  }

  @Test
  void aYamlRouteConsumingCaravanStepIsTracedOnceAndGetsTheHeaders() throws Exception {
    camel.addRoutes(new StepRoutes(List.of(new RerankStep(Reranker.keepOrder()))));
    write("careful.camel.yaml", """
        - route:
            id: careful
            from:
              uri: caravan:step:careful-rerank
              steps:
                - setHeader:
                    name: seen
                    simple: "${header.CaravanQuery} / ${header.CaravanStateId}"
                - to: caravan:step:rerank
                - to: direct:step-rerank
        """);
    new YamlRouteFolder(dir).loadInto(camel);
    camel.start();

    RagState in = RagState.start(Query.of("q"));
    RagState out = camel.createProducerTemplate().requestBody(CaravanComponent.stepUri("careful-rerank"), in, RagState.class);

    assertThat(out.trace().events()).extracting(TraceEvent::step).containsExactly("rerank", "rerank", "careful-rerank");
    assertThat(out.trace().events().get(2).inputs()).isEqualTo(Map.of("route", "careful"));
    assertThat(CaravanComponent.registry(camel).entry("careful-rerank")).get().extracting(e -> e.origin())
        .isEqualTo("route 'careful' of " + dir.resolve("careful.camel.yaml").toAbsolutePath());
  }

  @Test
  void aSecondImplementationOfAStepFailsNamingTheFile() throws Exception {
    camel.addRoutes(new StepRoutes(List.of(new RerankStep(Reranker.keepOrder()))));
    Path javaClash = write("rerank.yaml", "- route:\n    from:\n      uri: caravan:step:rerank\n      steps:\n        - log: x\n");
    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(camel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes file " + javaClash + ": route 'rerank-1' implements step 'rerank' (caravan:step:rerank), which is"
            + " already registered (a Java step); a step has one implementation");

    Files.delete(javaClash);
    Path first = write("a.yaml", "- route:\n    from:\n      uri: direct:step-shout\n      steps:\n        - log: x\n");
    Path second = write("b.yaml", "- route:\n    id: again\n    from:\n      uri: caravan:step:shout?trace=false\n      steps:\n        - log: y\n");
    CamelContext fresh = new DefaultCamelContext();
    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(fresh))
        .hasMessage("routes file " + second + ": route 'again' implements step 'shout' (caravan:step:shout?trace=false), which"
            + " route 'a-1' of " + first.toAbsolutePath() + " already implements; a step has one implementation");
    fresh.close();
  }

  @Test
  void aBrokenFileFailsNamingTheFileAndTheLine() throws Exception {
    write("a-good.yaml", "- route:\n    from:\n      uri: direct:good\n      steps:\n        - log: fine\n");
    Path broken = write("b-broken.yaml", "- route:\n    from:\n      uri: direct:x\n      stepz:\n        - to: direct:y\n");

    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(camel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("routes file " + broken + ": ")
        .hasMessageContaining("stepz")
        .hasMessageContaining("line 5");
  }

  @Test
  void unparseableAndEmptyFilesFailNamingTheFile() throws Exception {
    Path unclosed = write("unclosed.yaml", "- route:\n  from: [ unclosed\n");
    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(camel))
        .hasMessageStartingWith("routes file " + unclosed + ": ")
        .hasMessageContaining("expected ',' or ']'");

    Files.delete(unclosed);
    Path empty = write("empty.yaml", "");
    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(camel))
        .hasMessageStartingWith("routes file " + empty + ": ")
        .hasMessageContaining("empty");
  }

  @Test
  void aRouteIdOrADirectEndpointTakenByAnotherRouteIsAnError() throws Exception {
    camel.addRoutes(new StepRoutes(List.of(new RerankStep(Reranker.keepOrder()))));
    Path sameId = write("same-id.yaml", "- route:\n    id: step-rerank\n    from:\n      uri: direct:elsewhere\n      steps:\n        - log: x\n");
    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(camel))
        .hasMessage("routes file " + sameId + ": route id 'step-rerank' is already used by Caravan's own routes");

    Files.delete(sameId);
    Path first = write("a.yaml", "- route:\n    from:\n      uri: direct:inbox\n      steps:\n        - log: x\n");
    Path second = write("b.yaml", "- route:\n    id: again\n    from:\n      uri: direct://inbox?timeout=5\n      steps:\n        - log: y\n");
    CamelContext fresh = new DefaultCamelContext();
    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(fresh))
        .hasMessage("routes file " + second + ": route 'again' consumes direct://inbox?timeout=5, which route 'a-1' of "
            + first.toAbsolutePath() + " already consumes; a direct endpoint has one consumer");
    fresh.close();
  }

  @Test
  void aStartFailureNamesTheFileThroughTheRouteId() throws Exception {
    write("typo.camel.yaml", "- route:\n    from:\n      uri: direct:a\n      steps:\n        - to: nosuchcomponent:x\n");
    new YamlRouteFolder(dir).loadInto(camel);

    assertThatThrownBy(camel::start)
        .isInstanceOf(FailedToCreateRouteException.class)
        .hasMessageContaining("Failed to create route: typo-1")
        .hasMessageContaining("nosuchcomponent");
  }

  @Test
  void aMissingFolderOrAStartedContextIsRefused() throws Exception {
    assertThatThrownBy(() -> new YamlRouteFolder(dir.resolve("nope")).loadInto(camel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope does not exist or is not a folder");
    camel.start();
    assertThatThrownBy(() -> new YamlRouteFolder(dir).loadInto(camel))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the Camel context starts");
  }

  @Test
  void aFolderPathWithSpacesLoads() throws Exception {
    Path spaced = Files.createDirectory(dir.resolve("my routes"));
    Files.writeString(spaced.resolve("r.yaml"), "- route:\n    from:\n      uri: direct:spaced\n      steps:\n        - setBody:\n            constant: ok\n");
    new YamlRouteFolder(spaced).loadInto(camel);
    camel.start();
    assertThat(camel.createProducerTemplate().requestBody("direct:spaced", "")).isEqualTo("ok");
  }
}
