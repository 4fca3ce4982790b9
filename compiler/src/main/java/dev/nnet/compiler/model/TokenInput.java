package dev.nnet.compiler.model;

import java.util.Optional;

/**
 * An input of token ids: {@code input tokens(length = 20)} (ids already in the data) or {@code input text(...)}
 * (texts tokenized with a vocabulary fitted on the training data, Keras' {@code TextVectorization}). Either gives the
 * shape [length]; the ids travel as exact whole numbers in the network's ordinary input buffer.
 *
 * @param length the sequence length
 * @param text how texts become ids, for {@code input text(...)}
 */
public record TokenInput(int length, Optional<Text> text) {
  /**
   * {@code input text(...)}'s settings.
   *
   * @param maxTokens the vocabulary's size at most, padding (0) and out-of-vocabulary (1) included
   * @param characters whether a token is a character (else a word, split at white space)
   * @param lowercase whether texts are lowercased first
   */
  public record Text(int maxTokens, boolean characters, boolean lowercase) {}

  /** The model file's spelling of the split: {@code characters} or {@code words}. */
  public static String splitKeyword(boolean characters) {
    return characters ? "characters" : "words";
  }
}
