package dev.nnet.compiler.export.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs exported ONNX models in ONNX Runtime, and ONNX's own checker (Debian's python3-onnx) on exported files. */
final class OnnxRuntimeRunner {
  private OnnxRuntimeRunner() {}

  /** The model's output for {@code rows} raw rows of {@code features} values, one row per sample. */
  static float[][] run(byte[] model, float[] rows, int features) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options);
          OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows),
              new long[] {rows.length / features, features});
          OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
        return (float[][]) result.get(0).getValue();
      }
    }
  }

  /** The model's metadata_props, as ONNX Runtime reads them. */
  static Map<String, String> metadata(byte[] model) throws OrtException {
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions())) {
      return session.getMetadata().getCustomMetadata();
    }
  }

  /** ONNX's checker, with shape inference ({@code full_check}), passes on the file. */
  static void assertPassesOnnxChecker(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c",
        "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')",
        file.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("onnx.checker (Debian: apt-get install python3-onnx) on %s:%n%s", file, out).isZero();
    assertThat(out).as("onnx.checker on %s", file).isEqualTo("ok\n");
  }
}
