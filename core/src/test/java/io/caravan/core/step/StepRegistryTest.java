package io.caravan.core.step;

import io.caravan.core.AttributeKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepRegistryTest {

  private static final AttributeKey<String> RAN = AttributeKey.of("ran", String.class);

  /** A step that marks the state with its own name, so a test can tell which step ran. */
  private record Marking(String name) implements Step {
    @Override
    public Result run(RagState state) {
      return Result.of(state.with(RAN, name), java.util.Map.of());
    }
  }

  @Test
  void findsRunsAndListsTheStepsByName() {
    StepRegistry registry = new StepRegistry();
    registry.registerAll(List.of(new Marking("retrieve"), new Marking("rerank")));
    registry.register(new Marking("log-query"), "route 'log-query'");

    assertThat(registry.names()).containsExactly("log-query", "rerank", "retrieve");
    assertThat(registry.contains("rerank")).isTrue();
    assertThat(registry.contains("generate")).isFalse();
    assertThat(registry.contains(null)).isFalse();
    assertThat(StepRunner.run(registry.require("rerank"), RagState.start(Query.of("q"))).get(RAN).orElse("")).isEqualTo("rerank");
    assertThat(registry.entry("log-query")).get().extracting(StepRegistry.Entry::origin).isEqualTo("route 'log-query'");
    assertThat(registry.entry("rerank")).get().extracting(StepRegistry.Entry::origin).isEqualTo(StepRegistry.JAVA_STEP);
  }

  @Test
  void anUnknownNameFailsNamingTheStepsThatExist() {
    StepRegistry registry = new StepRegistry();
    assertThatThrownBy(() -> registry.require("retrieve"))
        .isInstanceOf(UnknownStepException.class)
        .hasMessage("unknown step 'retrieve': no Java step or route is registered under that name (no steps are registered)");
    registry.registerAll(List.of(new Marking("retrieve"), new Marking("rerank")));
    assertThatThrownBy(() -> registry.require("retreive"))
        .isInstanceOfSatisfying(UnknownStepException.class, e -> assertThat(e.step()).isEqualTo("retreive"))
        .hasMessage("unknown step 'retreive': no Java step or route is registered under that name (registered: rerank, retrieve)");
  }

  @Test
  void aSecondStepUnderANameIsRefusedNamingBoth() {
    StepRegistry registry = new StepRegistry();
    Marking first = new Marking("retrieve");
    registry.register(first);

    assertThatThrownBy(() -> registry.register(new Marking("retrieve"), "route 'mine' of routes/mine.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'retrieve' is already registered (a Java step); route 'mine' of routes/mine.yaml cannot be"
            + " registered under the same name: a step name has one implementation");
    assertThat(registry.require("retrieve")).isSameAs(first);
  }

  @Test
  void registerAllIsAllOrNothing() {
    StepRegistry registry = new StepRegistry();
    registry.register(new Marking("generate"));

    assertThatThrownBy(() -> registry.registerAll(List.of(new Marking("retrieve"), new Marking("rerank"), new Marking("retrieve"))))
        .hasMessageStartingWith("step 'retrieve' is already registered (a Java step); a Java step cannot");
    assertThatThrownBy(() -> registry.registerAll(List.of(new Marking("rerank"), new Marking("generate"))))
        .hasMessageStartingWith("step 'generate' is already registered");
    assertThat(registry.names()).containsExactly("generate");
  }

  @Test
  void unregisterRemovesOnlyThatVeryStep() {
    StepRegistry registry = new StepRegistry();
    Marking registered = new Marking("rerank");
    registry.register(registered);

    assertThat(registry.unregister(new Marking("rerank"))).isFalse();
    assertThat(registry.contains("rerank")).isTrue();
    assertThat(registry.unregister(registered)).isTrue();
    assertThat(registry.contains("rerank")).isFalse();
    assertThat(registry.unregister(registered)).isFalse();
  }

  @Test
  void namesAreTheOnesBpmnFilesCanWrite() {
    assertThat(StepRegistry.isValidName("adaptive-depth")).isTrue();
    assertThat(StepRegistry.isValidName("v2.rerank_fast")).isTrue();
    assertThat(StepRegistry.isValidName("two words")).isFalse();
    assertThat(StepRegistry.isValidName("-dash")).isFalse();
    assertThat(StepRegistry.isValidName("")).isFalse();
    assertThat(StepRegistry.isValidName(null)).isFalse();
    StepRegistry registry = new StepRegistry();
    assertThatThrownBy(() -> registry.register(new Marking("two words")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step name must be letters, digits, '-', '_' or '.', starting with a letter or digit; was 'two words'");
  }
}
