package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientTokenizerTest {

  @Test
  void partitionsNeverCutAWordAndSkipTheSpecialTokens() {
    List<String> tokens = List.of("[CLS]", "a", "bb", "##c", "##d", "e", "[SEP]");
    List<List<String>> parts = ClientTokenizer.partition(tokens, 3);
    assertThat(parts).containsExactly(List.of("a"), List.of("bb", "##c", "##d"), List.of("e"));
  }

  @Test
  void aWordLongerThanAPieceIsCutRatherThanLoopingForever() {
    List<String> tokens = List.of("[CLS]", "a", "bb", "##c", "##d", "e", "[SEP]");
    assertThat(ClientTokenizer.partition(tokens, 2)).containsExactly(List.of("a"), List.of("bb", "##c"), List.of("##d", "e"));
  }

  @Test
  void aTextIsOnePieceWithClsAndSepCutAt128PositionsAsTheTokenizerFileSays() {
    try (ClientTokenizer t = ClientTokenizer.miniLm()) {
      List<ClientTokenizer.Piece> one = t.pieces("Camels carry silk.");
      assertThat(one).hasSize(1);
      assertThat(one.get(0).ids()[0]).isEqualTo(101); // [CLS]
      assertThat(one.get(0).ids()[one.get(0).ids().length - 1]).isEqualTo(102); // [SEP]
      // all-MiniLM-L6-v2's tokenizer.json truncates at 128 positions, in-process and here alike
      List<ClientTokenizer.Piece> longText = t.pieces("caravan ".repeat(1200));
      assertThat(longText).hasSize(1);
      assertThat(longText.get(0).ids()).hasSize(128);
      assertThat(longText.get(0).weight()).isEqualTo(126);
    }
  }
}
