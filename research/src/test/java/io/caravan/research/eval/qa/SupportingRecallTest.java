package io.caravan.research.eval.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.document.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupportingRecallTest {

  @Test
  void ranksAndRecallAtK() {
    SupportingRecall r = SupportingRecall.of(List.of("s1", "s2"), List.of("x", "s2", "y", "s1", "s2"));
    assertThat(r.ranks()).containsExactly(4, 2);
    assertThat(r.recall(1)).isZero();
    assertThat(r.found(1, 2)).isTrue();
    assertThat(r.found(0, 3)).isFalse();
    assertThat(r.recall(2)).isEqualTo(0.5);
    assertThat(r.all(3)).isZero();
    assertThat(r.recall(4)).isEqualTo(1.0);
    assertThat(r.all(4)).isEqualTo(1.0);
    assertThat(r.all(100)).isEqualTo(1.0);
  }

  @Test
  void absentParagraphsNeverCount() {
    SupportingRecall r = SupportingRecall.of(List.of("s1", "s2"), List.of("s1"));
    assertThat(r.ranks()).containsExactly(1, 0);
    assertThat(r.recall(1000)).isEqualTo(0.5);
    assertThat(r.all(1000)).isZero();
  }

  @Test
  void worksOnDatasetQuestions() throws Exception {
    HotpotQaDataset d = HotpotQaDataset.read(HotpotQaDatasetTest.fixture());
    List<String> ranked = d.corpus().stream().map(Document::id).toList();
    // q3's supporting paragraphs, Redland and Freedonia, are corpus entries 3 and 1.
    SupportingRecall r = SupportingRecall.of(d.questions().get(2), ranked);
    assertThat(r.ranks()).containsExactly(3, 1);
    assertThat(r.recall(2)).isEqualTo(0.5);
    assertThat(r.all(3)).isEqualTo(1.0);
  }

  @Test
  void rejectsBadInput() {
    SupportingRecall r = SupportingRecall.of(List.of("s1"), List.of());
    assertThatThrownBy(() -> r.recall(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be at least 1");
    assertThatThrownBy(() -> SupportingRecall.of(List.of(), List.of("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SupportingRecall(List.of("a", "b"), List.of(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
