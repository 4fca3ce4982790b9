package dev.nnet.runtime.checkpoint;

/**
 * A checkpoint cannot be written, or is not a valid checkpoint for this network: missing, truncated, corrupted,
 * from a newer format, or from another architecture. The message is for the user (the CLI prints it without a
 * stack trace); nothing has been written into the network when it is thrown.
 */
public class CheckpointException extends RuntimeException {
  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
