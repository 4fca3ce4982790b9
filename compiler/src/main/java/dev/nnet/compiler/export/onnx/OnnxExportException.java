package dev.nnet.compiler.export.onnx;

/**
 * A piece of the model that the ONNX graph cannot express. The message names the layer (or the input) and the
 * reason, in one line, for the user.
 */
public final class OnnxExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxExportException(String where, String reason) {
    super(where + ": " + reason, null, false, false);
  }
}
