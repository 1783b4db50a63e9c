package io.caravan.research.eval.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolCatalogTest {

  @Test
  void keepsOrderAndFindsById() {
    ToolCatalog c = new ToolCatalog(List.of(new Tool("b", "B", "second letter"), new Tool("a", "A", "first letter")));
    assertThat(c.tools()).extracting(Tool::id).containsExactly("b", "a");
    assertThat(c.find("a")).map(Tool::name).contains("A");
    assertThat(c.find("z")).isEmpty();
  }

  @Test
  void rejectsDuplicateIdsAndUnknownGold() {
    assertThatThrownBy(() -> new ToolCatalog(List.of(new Tool("a", "A", ""), new Tool("a", "A2", ""))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate tool id in catalogue: a");
    ToolCatalog c = new ToolCatalog(List.of(new Tool("a", "A", "")));
    assertThatThrownBy(() -> new ToolBenchmark("t", c, List.of(new ToolQuery("0", "q", Set.of("b")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names tool b");
    assertThatThrownBy(() -> new ToolQuery("0", "q", Set.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
