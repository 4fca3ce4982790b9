package dev.nnet.runtime.data;

/**
 * A problem with the user's data: a missing or malformed file, a bad cell, a label the model does not know, a
 * feature count that does not fit the model. The message is written for the user: it names the file, the place
 * (line and column, or byte offset), what was expected and, where one helps, a hint. Callers print
 * {@link #getMessage()} and no stack trace.
 */
public class DataException extends RuntimeException {
  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
