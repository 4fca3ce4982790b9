package dev.nnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token and text data through the command line: bad data is a data error naming the file and the line. */
@Tag("slow") // compiles and trains small models
class TextDataCommandsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void aTokenIdBeyondTheEmbeddingIsADataErrorNamingItsLine() throws Exception {
    Path model = write("tok.nnet", "model Tok\ninput tokens(length = 3)\nembedding 10 4\nflatten\ndense 2 softmax\n"
        + "loss sparse_categorical_crossentropy\noptimizer adam\ntrain { epochs 1 }\n"
        + "data {\n  train csv(\"ids.csv\", label = \"y\")\n}\n");
    write("ids.csv", "a,b,c,y\n1,2,3,x\n4,5,6,z\n7,10,9,x\n");
    Cli.Run run = Cli.run("train", model.toString(), "-o", dir.resolve("tok.weights").toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("ids.csv, line 4, token 2: 10.0 is not a token id")
        .contains("input_dim 10").doesNotContain("Exception");
  }

  @Test
  void maskedTokenModelsExportToJavaAndTheirRecurrentLayersAreRefusedByOnnxWithOneLine() throws Exception {
    Path model = write("tok.nnet", "model Tok\ninput tokens(length = 3)\nembedding 10 4 mask_zero = true\ngru 3\n"
        + "dense 2 softmax\nloss sparse_categorical_crossentropy\noptimizer adam\ntrain { epochs 1 }\n"
        + "data {\n  train csv(\"ids.csv\", label = \"y\")\n}\n");
    write("ids.csv", "a,b,c,y\n1,2,0,x\n0,5,6,z\n7,0,9,x\n");
    Path weights = dir.resolve("tok.weights");
    Cli.Run train = Cli.run("train", model.toString(), "-o", weights.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();

    Cli.Run java = Cli.run("export", model.toString(), "--weights", weights.toString(), "-d",
        dir.resolve("java").toString());
    assertThat(java.exitCode()).as(java.toString()).isZero();

    Path onnx = dir.resolve("tok.onnx");
    Cli.Run run = Cli.run("export", model.toString(), "--weights", weights.toString(), "--format", "onnx", "-o",
        onnx.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_INPUT_ERROR);
    assertThat(run.err()).contains("tok.nnet: cannot export to ONNX: layer gru1: it skips the padded steps")
        .contains("use input text(...)").doesNotContain("Exception");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(onnx).doesNotExist();
  }

  @Test
  void textModelsTrainEvaluateAndPredictRawTextAndRefuseBadText() throws Exception {
    StringBuilder csv = new StringBuilder("id,word,lang\n");
    for (int i = 0; i < 60; i++) {
      csv.append(i).append(',').append(i % 2 == 0 ? "aaab" : "bbba").append(i % 7).append(',')
          .append(i % 2 == 0 ? "A" : "B").append('\n');
    }
    write("words.csv", csv.toString());
    Path model = write("text.nnet", "model Text\ninput text(max_length = 6, max_tokens = 12)\n"
        + "embedding output_dim = 4 mask_zero = true\nflatten\ndense 2 softmax\n"
        + "loss sparse_categorical_crossentropy\nmetrics accuracy\noptimizer adam(learning_rate = 0.05)\n"
        + "train { batch_size 8  epochs 20 }\n"
        + "data {\n  train csv(\"words.csv\", text = \"word\", label = \"lang\")\n  test split 0.25\n}\n");
    Path weights = dir.resolve("text.weights");
    Cli.Run train = Cli.run("train", model.toString(), "-o", weights.toString());
    assertThat(train.exitCode()).as(train.toString()).isZero();
    assertThat(train.out()).contains("test: loss").contains("accuracy 1.0000");

    Cli.Run evaluate = Cli.run("evaluate", model.toString(), "--weights", weights.toString());
    assertThat(evaluate.exitCode()).as(evaluate.toString()).isZero();
    assertThat(evaluate.out()).contains("on 15 test samples").contains("accuracy 1.0000");

    Path plain = write("new.txt", "AAAB\nbbba9\n");
    Cli.Run predict = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input",
        plain.toString());
    assertThat(predict.exitCode()).as(predict.toString()).isZero();
    assertThat(predict.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(',')))).containsExactly("A", "B");

    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, new byte[] {'a', '\n', 'b', (byte) 0xE9, '\n'});
    Cli.Run notUtf8 = Cli.run("predict", model.toString(), "--weights", weights.toString(), "--input",
        latin1.toString());
    assertThat(notUtf8.exitCode()).isEqualTo(1);
    assertThat(notUtf8.err()).contains("latin1.txt, line 2: not UTF-8 text");

    Path noColumn = write("other.csv", "text,lang\naaab,A\n");
    Cli.Run missing = Cli.run("evaluate", model.toString(), "--weights", weights.toString(), "--data",
        noColumn.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("other.csv, line 1: no text column 'word'");
  }
}
