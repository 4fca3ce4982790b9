package dev.nnet.compiler.export;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.nnet.compiler.model.TokenInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The exported class's side of {@code input text(...)}: {@code tokenize(String)} repeats the runtime's Tokenizer and
 * Vocabulary step for step (lowercase with {@link Locale#ROOT}, code points or runs of non-white-space characters,
 * the id of each of the first max_length tokens, 1 for an unknown one, 0 after the end), so the class takes raw text
 * with the JDK alone. The vocabulary travels in the weights file as the float32 array {@value #ARRAY}: for each
 * token after padding and unknown, its number of code points, then the code points (all below 2^21, exact in
 * float32), so the file keeps its one format.
 */
final class TextExport {
  /** The weights file's name of the encoded vocabulary. */
  static final String ARRAY = "vocabulary";

  private final TokenInput tokens;
  private final TokenInput.Text text;
  private final String encoded;
  private final String ids;

  TextExport(TokenInput tokens, List<String> vocabulary, ExportClass cls) {
    this.tokens = tokens;
    this.text = tokens.text().orElseThrow();
    int length = encode(vocabulary).length;
    String size = cls.intConstant("vocabulary", "values", length,
        "Values of the encoded vocabulary: per token, its number of code points, then the code points.");
    encoded = cls.array(cls.names.field("vocabulary", "code"), ARRAY, CodeBlock.of(size), length, false,
        "The vocabulary as the weights file stores it; decoded into {@code tokenIds}.");
    ids = cls.names.field("token", "ids");
  }

  /** The weights file's values of {@code vocabulary} (its tokens in id order, padding and unknown first). */
  static double[] encode(List<String> vocabulary) {
    List<Double> out = new ArrayList<>();
    for (String token : vocabulary.subList(Math.min(2, vocabulary.size()), vocabulary.size())) {
      int[] points = token.codePoints().toArray();
      out.add((double) points.length);
      for (int p : points) {
        out.add((double) p);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  FieldSpec idsField() {
    return FieldSpec.builder(ParameterizedTypeName.get(Map.class, String.class, Integer.class), ids, Modifier.PRIVATE,
            Modifier.FINAL)
        .addJavadoc("Token to id, from the training data's vocabulary (ids 2, 3, ...; 0 padding, 1 unknown).\n")
        .initializer("new $T<>()", HashMap.class)
        .build();
  }

  /** The constructor's statements, after the weights are read: the vocabulary decoded into the map. */
  CodeBlock decode() {
    return CodeBlock.builder()
        .beginControlFlow("for (int i = 0, id = 2; i < $L.length; id++)", encoded)
        .addStatement("int n = (int) $L[i++]", encoded)
        .addStatement("$T token = new $T()", StringBuilder.class, StringBuilder.class)
        .beginControlFlow("for (int k = 0; k < n; k++)")
        .addStatement("token.appendCodePoint((int) $L[i++])", encoded)
        .endControlFlow()
        .addStatement("$L.put(token.toString(), id)", ids)
        .endControlFlow()
        .build();
  }

  /** {@code float[] tokenize(String text)}. */
  MethodSpec tokenize() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("tokenize")
        .addModifiers(Modifier.PUBLIC)
        .returns(float[].class)
        .addParameter(String.class, "text")
        .addJavadoc("The token ids of {@code text} as training made them: $L, split into $L, the first $L tokens'"
            + " ids\n(1 for a token the training data did not have), then 0 up to {@link #INPUT_SIZE}.\n",
            text.lowercase() ? "lowercased" : "not lowercased", text.characters() ? "characters (code points)"
                : "words (runs of characters other than white space)", tokens.length())
        .addStatement("$T t = $L", String.class, text.lowercase() ? CodeBlock.of("text.toLowerCase($T.ROOT)",
            Locale.class) : CodeBlock.of("text"))
        .addStatement("float[] x = new float[INPUT_SIZE]")
        .addStatement("int n = 0");
    if (text.characters()) {
      m.beginControlFlow("for (int i = 0; i < t.length() && n < INPUT_SIZE; )")
          .addStatement("int c = t.codePointAt(i)")
          .addStatement("x[n++] = $L.getOrDefault(new String(Character.toChars(c)), 1)", ids)
          .addStatement("i += Character.charCount(c)")
          .endControlFlow();
    } else {
      m.beginControlFlow("for (int i = 0; i < t.length() && n < INPUT_SIZE; )")
          .beginControlFlow("while (i < t.length() && Character.isWhitespace(t.charAt(i)))")
          .addStatement("i++")
          .endControlFlow()
          .addStatement("int start = i")
          .beginControlFlow("while (i < t.length() && !Character.isWhitespace(t.charAt(i)))")
          .addStatement("i++")
          .endControlFlow()
          .beginControlFlow("if (i > start)")
          .addStatement("x[n++] = $L.getOrDefault(t.substring(start, i), 1)", ids)
          .endControlFlow()
          .endControlFlow();
    }
    return m.addStatement("return x").build();
  }

  /** {@code predict(String)}, and for a classifier {@code predictLabel(String)}. */
  List<MethodSpec> predictions(TypeName array, boolean classifier) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(MethodSpec.methodBuilder("predict")
        .addModifiers(Modifier.PUBLIC)
        .returns(array)
        .addParameter(String.class, "text")
        .addJavadoc("The network's output for one raw text: {@code predict(tokenize(text))}.\n")
        .addStatement("return predict(tokenize(text))")
        .build());
    if (classifier) {
      methods.add(MethodSpec.methodBuilder("predictLabel")
          .addModifiers(Modifier.PUBLIC)
          .returns(String.class)
          .addParameter(String.class, "text")
          .addJavadoc("The predicted class's name for one raw text.\n")
          .addStatement("return predictLabel(tokenize(text))")
          .build());
    }
    return methods;
  }

  /**
   * {@code main} of a text model: one line out per text in, the predicted class (a regression's values, separated by
   * commas); the texts are the arguments, or without any, the lines of standard input in UTF-8, one raw text each, as
   * {@code ./nnet predict} reads a plain file. {@code print} prints the line of the {@code text} in hand.
   */
  MethodSpec main(TypeName self, CodeBlock print, boolean classifier) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("main")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addParameter(String[].class, "args")
        .addException(IOException.class)
        .addJavadoc("Prints one line per text, $L: the texts are the arguments, or without any, the lines of\n"
            + "standard input (UTF-8), one raw text each.\n",
            classifier ? "the predicted class" : "the predicted values separated by commas")
        .addStatement("$T model = load()", self)
        .addStatement("$T in = args.length > 0 ? null : new $T(new $T(System.in, $T.UTF_8))", BufferedReader.class,
            BufferedReader.class, InputStreamReader.class, StandardCharsets.class)
        .beginControlFlow("for (int i = 0; ; i++)")
        .addStatement("String text = in == null ? (i < args.length ? args[i] : null) : in.readLine()")
        .beginControlFlow("if (text == null)")
        .addStatement("break")
        .endControlFlow();
    return m.addCode(print).endControlFlow().build();
  }
}
