package dev.nnet.runtime.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids, as Keras' {@code TextVectorization}: id 0 is padding, id 1 an out-of-vocabulary token, and ids 2, 3, ...
 * the tokens of the training texts, most frequent first, ties in lexicographic order (of the tokens' UTF-16 text,
 * {@link String#compareTo}), so the order depends on the training texts only and not on how they were shuffled. At
 * most {@code maxTokens} ids in all. Fitted on the training part only, saved with the model.
 */
public final class Vocabulary {
  /** The text standing for padding at id 0 and for an unknown token at id 1, as Keras prints them. */
  public static final String PADDING = "";

  public static final String UNKNOWN = "[UNK]";

  private final List<String> tokens;
  private final Map<String, Integer> ids = new HashMap<>();

  /** A vocabulary with known tokens in id order, {@link #PADDING} and {@link #UNKNOWN} first (a saved one). */
  public Vocabulary(List<String> tokens) {
    if (tokens.size() < 2 || !tokens.get(0).equals(PADDING) || !tokens.get(1).equals(UNKNOWN)) {
      throw new IllegalArgumentException("a vocabulary starts with the padding and the unknown token");
    }
    this.tokens = List.copyOf(tokens);
    for (int i = 2; i < tokens.size(); i++) {
      if (ids.putIfAbsent(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("token '" + tokens.get(i) + "' appears twice in the vocabulary");
      }
    }
  }

  /** The vocabulary of {@code texts} as {@code tokenizer} splits them. */
  public static Vocabulary fit(Iterable<String> texts, Tokenizer tokenizer) {
    Map<String, Long> counts = new HashMap<>();
    for (String text : texts) {
      for (String token : tokenizer.tokens(text)) {
        counts.merge(token, 1L, Long::sum);
      }
    }
    return ofCounts(counts, tokenizer.maxTokens());
  }

  /**
   * The order of ids: token {@code a} seen {@code countA} times comes before {@code b} seen {@code countB} times when
   * it is more frequent, or as frequent and lexicographically first. Negative, zero or positive as a comparator.
   */
  public static int order(String a, long countA, String b, long countB) {
    return countA == countB ? a.compareTo(b) : Long.compare(countB, countA);
  }

  /**
   * The vocabulary of tokens counted in the training texts, with at most {@code maxTokens} ids. {@code counts} may
   * hold only the first {@code maxTokens} tokens in {@link #order} (a count gathered across machines): the others are
   * cut anyway.
   */
  public static Vocabulary ofCounts(Map<String, Long> counts, int maxTokens) {
    List<Map.Entry<String, Long>> order = new ArrayList<>(counts.entrySet());
    order.sort((a, b) -> order(a.getKey(), a.getValue(), b.getKey(), b.getValue()));
    List<String> tokens = new ArrayList<>(List.of(PADDING, UNKNOWN));
    for (Map.Entry<String, Long> e : order) {
      if (tokens.size() == maxTokens) {
        break;
      }
      if (!e.getKey().equals(UNKNOWN)) {
        tokens.add(e.getKey());
      }
    }
    return new Vocabulary(tokens);
  }

  /** Every token in id order, padding and unknown first. */
  public List<String> tokens() {
    return tokens;
  }

  public int size() {
    return tokens.size();
  }

  /** The id of {@code token}: 1 when it is not in the vocabulary. */
  public int id(String token) {
    return ids.getOrDefault(token, 1);
  }

  /**
   * Writes the ids of {@code text}'s first {@code maxLength} tokens into {@code out} from {@code offset}, then 0 up
   * to {@code maxLength} values.
   */
  public void encode(String text, Tokenizer tokenizer, float[] out, int offset) {
    List<String> t = tokenizer.tokens(text);
    int n = Math.min(t.size(), tokenizer.maxLength());
    for (int i = 0; i < tokenizer.maxLength(); i++) {
      out[offset + i] = i < n ? id(t.get(i)) : 0;
    }
  }
}
