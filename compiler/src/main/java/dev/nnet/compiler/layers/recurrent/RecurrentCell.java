package dev.nnet.compiler.layers.recurrent;

/** The recurrent cells, with their gate counts (the blocks of the kernels' columns) and Keras' class names. */
public enum RecurrentCell {
  SIMPLE_RNN("simple_rnn", "SimpleRNN", 1),
  GRU("gru", "GRU", 3),
  LSTM("lstm", "LSTM", 4);

  private final String keyword;
  private final String kerasName;
  private final int gates;

  RecurrentCell(String keyword, String kerasName, int gates) {
    this.keyword = keyword;
    this.kerasName = kerasName;
    this.gates = gates;
  }

  public String keyword() {
    return keyword;
  }

  public String kerasName() {
    return kerasName;
  }

  public int gates() {
    return gates;
  }
}
