package dev.nnet.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDataTest {
  @TempDir Path dir;

  private static final Tokenizer CHARS = new Tokenizer(5, 6, Tokenizer.Split.CHARACTERS, true);

  @Test
  void charactersAndWordsSplitAsDocumented() {
    assertThat(CHARS.tokens("Größe")).containsExactly("g", "r", "ö", "ß", "e");
    assertThat(new Tokenizer(4, 10, Tokenizer.Split.CHARACTERS, false).tokens("A𝄞b")).containsExactly("A", "𝄞", "b");
    assertThat(new Tokenizer(4, 10, Tokenizer.Split.WORDS, true).tokens("  The cat,\tthe\nDOG "))
        .containsExactly("the", "cat,", "the", "dog");
  }

  @Test
  void theVocabularyIsMostFrequentFirstTiesLexicographicCutToMaxTokens() {
    // counts: a 3, b 2, c 2, d 1, e 1; max_tokens 6 keeps padding, unknown and 4 tokens: a, b, c, then d before e
    Vocabulary v = Vocabulary.fit(List.of("eda", "cab", "cab", "a"), new Tokenizer(5, 6, Tokenizer.Split.CHARACTERS,
        true));
    assertThat(v.tokens()).containsExactly("", "[UNK]", "a", "b", "c", "d");
    float[] ids = new float[5];
    v.encode("Bad Cafe", CHARS, ids, 0);
    assertThat(ids).containsExactly(3, 2, 5, 1, 4); // b a d, the space unknown, c; cut at 5
    v.encode("ab", CHARS, ids, 0);
    assertThat(ids).containsExactly(2, 3, 0, 0, 0); // padded at the end
  }

  @Test
  void countsCutToTheFirstMaxTokensGiveTheFittedVocabulary() {
    // What a count gathered across machines hands over: only the first max_tokens counts in order, [UNK] among them
    // (a token of the texts, never given an id of its own); the rest (f, g) never reach the vocabulary's cut.
    Vocabulary fitted = Vocabulary.fit(List.of("[UNK] [UNK] [UNK] b a", "c b a c", "d e f g"),
        new Tokenizer(5, 6, Tokenizer.Split.WORDS, false));
    assertThat(fitted.tokens()).containsExactly("", "[UNK]", "a", "b", "c", "d");
    Vocabulary cut = Vocabulary.ofCounts(Map.of("[UNK]", 3L, "a", 2L, "b", 2L, "c", 2L, "d", 1L, "e", 1L), 6);
    assertThat(cut.tokens()).isEqualTo(fitted.tokens());
    assertThat(Vocabulary.order("b", 2, "a", 2)).isPositive();
    assertThat(Vocabulary.order("z", 3, "a", 2)).isNegative();
  }

  @Test
  void theVocabularyIsFittedOnTheTrainingPartOnly() throws IOException {
    // 20 rows; the letter of each row is unique, so only the training rows' letters can be in the vocabulary
    StringBuilder csv = new StringBuilder("label,text\n");
    for (int i = 0; i < 20; i++) {
      csv.append(i % 2 == 0 ? "even" : "odd").append(",").append((char) ('a' + i)).append("\n");
    }
    Path file = write("t.csv", csv.toString());
    DataPlan plan = new DataPlan(new Source.Text(file, "text", "label", new Tokenizer(3, 100, Tokenizer.Split.CHARACTERS,
        true)), Optional.empty(), 0.25, 0, false, 42, 3, Target.classes(2));
    PreparedData p = DataPipeline.prepare(plan);
    Vocabulary v = p.vocabulary().orElseThrow();
    assertThat(p.train().rows()).isEqualTo(15);
    assertThat(p.test().orElseThrow().rows()).isEqualTo(5);
    assertThat(v.size()).isEqualTo(2 + 15);
    assertThat(p.classes()).containsExactly("even", "odd");
    // every test word is out of the vocabulary; every training word is in it
    Dataset test = p.test().get();
    for (int r = 0; r < test.rows(); r++) {
      assertThat(test.features()[r * 3]).isEqualTo(1f);
      assertThat(test.features()[r * 3 + 1]).isEqualTo(0f);
    }
    Set<Float> trainIds = new HashSet<>();
    for (int r = 0; r < 15; r++) {
      trainIds.add(p.train().features()[r * 3]);
    }
    assertThat(trainIds).hasSize(15).doesNotContain(1f, 0f);
    // labels travel with their texts: a row's label is its letter's parity
    List<String> tokens = v.tokens();
    for (int r = 0; r < 15; r++) {
      char letter = tokens.get((int) p.train().features()[r * 3]).charAt(0);
      assertThat(p.train().targets()[r]).isEqualTo((letter - 'a') % 2);
    }
  }

  @Test
  void plainFilesHoldOneTextPerLine() throws IOException {
    Path file = write("words.txt", "\uFEFFab\n\nba\n");
    Vocabulary v = new Vocabulary(List.of("", "[UNK]", "a", "b"));
    Dataset d = TextData.load(new Source.Text(file, "", "", CHARS), new Target.None(), v);
    assertThat(d.rows()).isEqualTo(3);
    assertThat(d.features()).containsExactly(2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 0, 0);
  }

  @Test
  void errorsNameTheFileTheLineAndWhatWasExpected() throws IOException {
    Vocabulary v = new Vocabulary(List.of("", "[UNK]"));
    Path csv = write("w.csv", "word,language\nhaus,german\n");
    assertThatThrownBy(() -> TextData.load(new Source.Text(csv, "text", "language", CHARS), Target.classes(2), v))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("w.csv, line 1: no text column 'text'; the columns are");
    Path empty = write("e.csv", "");
    assertThatThrownBy(() -> TextData.load(new Source.Text(empty, "word", "", CHARS), Target.classes(2), v))
        .hasMessageContaining("e.csv: the file is empty");
    Path latin1 = dir.resolve("l.txt");
    Files.write(latin1, new byte[] {'o', 'k', '\n', 'f', (byte) 0xE9, 'e', '\n'});
    assertThatThrownBy(() -> TextData.load(new Source.Text(latin1, "", "", CHARS), new Target.None(), v))
        .hasMessageContaining("l.txt, line 2: not UTF-8 text");
    Path noLabel = write("n.csv", "word,language\nhaus,\n");
    assertThatThrownBy(() -> TextData.load(new Source.Text(noLabel, "word", "language", CHARS), Target.classes(2), v))
        .hasMessageContaining("n.csv, line 2, column 2: the label is empty");
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

}
