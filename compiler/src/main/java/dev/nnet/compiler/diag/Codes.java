package dev.nnet.compiler.diag;

/**
 * The stable diagnostic codes. Errors are {@code E0xx}, warnings {@code W0xx}; the tens digit groups them: 00
 * reading and syntax, 01 the file's structure, 02 names, 03 argument values, 04 shapes, 05 loss and metrics, 06
 * data, 07 sequence layers. A code never changes meaning once released; tests and users may match on it.
 */
public final class Codes {
  private Codes() {}

  /** The model file cannot be read. */
  public static final String UNREADABLE = "E001";
  /** A character that starts no token. */
  public static final String BAD_CHARACTER = "E002";
  /** A string with no closing quote on its line. */
  public static final String UNTERMINATED_STRING = "E003";
  /** The parser expected something else. */
  public static final String SYNTAX = "E004";
  /** A backslash escape other than {@code \"} and {@code \\}. */
  public static final String BAD_ESCAPE = "E005";
  /** A number that is not finite, or a fraction dividing by zero. */
  public static final String BAD_NUMBER = "E006";
  /** Brackets or parentheses nested deeper than the parser follows. */
  public static final String NESTED_TOO_DEEPLY = "E007";
  /** So many errors that the rest are not shown. */
  public static final String TOO_MANY_ERRORS = "E009";

  /** No {@code model} statement. */
  public static final String MISSING_MODEL = "E010";
  /** No {@code input} statement. */
  public static final String MISSING_INPUT = "E011";
  /** No layers, so no output. */
  public static final String MISSING_LAYERS = "E012";
  /** No {@code loss} statement. */
  public static final String MISSING_LOSS = "E013";
  /** A statement, setting, argument or metric given twice. */
  public static final String DUPLICATE = "E014";
  /** A statement in a place where it cannot go ({@code input} after a layer). */
  public static final String MISPLACED = "E015";
  /** Two settings that exclude each other (a test source and a test split). */
  public static final String CONFLICT = "E016";

  /** An unknown layer or statement. */
  public static final String UNKNOWN_LAYER = "E020";
  /** An unknown argument or setting name. */
  public static final String UNKNOWN_ARGUMENT = "E021";
  /** An unknown activation, loss, metric, optimizer, initializer, padding, precision, source or monitor. */
  public static final String UNKNOWN_NAME = "E022";
  /** A model name that cannot be a Java class name. */
  public static final String BAD_CLASS_NAME = "E023";
  /** A package name that cannot be a Java package. */
  public static final String BAD_PACKAGE = "E024";

  /** A value of the wrong kind (a name where a number belongs, a fraction where a whole number belongs). */
  public static final String WRONG_TYPE = "E030";
  /** A number outside its allowed range. */
  public static final String OUT_OF_RANGE = "E031";
  /** A required argument is missing. */
  public static final String MISSING_ARGUMENT = "E032";
  /** More positional arguments than the construct takes. */
  public static final String TOO_MANY_ARGUMENTS = "E033";
  /** A positional argument after a named one. */
  public static final String POSITIONAL_AFTER_NAMED = "E034";

  /** A layer that needs a 1-D input got more dimensions. */
  public static final String NEEDS_FLAT_INPUT = "E040";
  /** A 2-D layer (convolution, pooling) did not get a [height, width, channels] input. */
  public static final String NEEDS_IMAGE_INPUT = "E041";
  /** A kernel or pool window larger than its (unpadded) input. */
  public static final String WINDOW_TOO_LARGE = "E042";
  /** A shape with more values than an array can hold, or an input with no or more than three dimensions. */
  public static final String BAD_SHAPE = "E043";
  /** The model's output is not 1-D. */
  public static final String OUTPUT_NOT_FLAT = "E044";
  /** An embedding whose input is not token ids (the model's token or text input). */
  public static final String EMBEDDING_NEEDS_TOKENS = "E045";
  /** Token ids going into a layer other than an embedding. */
  public static final String TOKENS_NEED_EMBEDDING = "E046";
  /** An embedding with fewer rows (input_dim) than the text input's vocabulary (max_tokens). */
  public static final String EMBEDDING_TOO_SMALL = "E047";
  /** Token ids that a float32 network cannot carry exactly (more than 2^24 of them). */
  public static final String TOKEN_IDS_INEXACT = "E048";
  /** A layer that does not support masking after an embedding's mask_zero mask. */
  public static final String MASK_NOT_SUPPORTED = "E049";

  /** A recurrent or 1-D layer (conv1d, 1-D pooling) whose input is not a sequence [steps, features]. */
  public static final String NEEDS_SEQUENCE_INPUT = "E075";
  /** {@code bidirectional} around something that is not a recurrent layer. */
  public static final String NOT_RECURRENT = "E076";
  /** A recurrent option nnet does not run: an activation other than Keras' default, GRU v1, a merge mode. */
  public static final String UNSUPPORTED_RECURRENT_OPTION = "E077";

  /** The loss does not fit the output layer. */
  public static final String LOSS_MISMATCH = "E050";
  /** A metric that does not fit the task. */
  public static final String METRIC_MISMATCH = "E052";
  /** Early stopping watches a validation value but there is no validation split. */
  public static final String NO_VALIDATION = "E053";

  /** {@code padding = causal} on a layer other than conv1d. */
  public static final String CAUSAL_PADDING = "E071";

  /** A data block without a training source. */
  public static final String MISSING_TRAIN_DATA = "E060";
  /** Text data for a model whose input is not text, or a text input whose data is not text. */
  public static final String TEXT_DATA_MISMATCH = "E061";
  /** Standardization asked for token ids. */
  public static final String STANDARDIZED_TOKENS = "E062";

  /** A layer that does nothing (flatten of a 1-D input). */
  public static final String USELESS_LAYER = "W001";
  /** A softmax output trained with a regression loss. */
  public static final String SOFTMAX_REGRESSION = "W051";
  /** top_k_accuracy with k at least the number of classes is always 1. */
  public static final String TRIVIAL_METRIC = "W052";
}
