package dev.nnet.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a generated file as written and compiled: JavaPoet's output with two of its habits undone, so that the
 * class reads like hand-written code. A Javadoc of one line goes on one line ({@code /** … *}{@code /}) when that
 * fits in {@value #MAX_LINE} characters, and consecutive one-line fields of the same kind (static or not) are not
 * separated by blank lines. Only whitespace and comment layout change: the code is JavaPoet's.
 */
public final class SourceText {
  /** The longest line the compaction makes. */
  public static final int MAX_LINE = 120;

  /** A one-line field declaration without Javadoc: modifiers, type, name, optional one-line initializer. */
  private static final Pattern FIELD =
      Pattern.compile(" *(private |protected |public )?(static )?(final )?[\\w.<>\\[\\], ]+ \\w+( = [^;]*)?;");

  private SourceText() {}

  /** The file's compacted text. */
  public static String of(JavaFile file) {
    return compact(file.toString());
  }

  public static String compact(String source) {
    String[] lines = source.split("\n", -1);
    List<String> out = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (i + 2 < lines.length && line.trim().equals("/**") && lines[i + 2].trim().equals("*/")
          && lines[i + 1].trim().startsWith("* ")) {
        String indent = line.substring(0, line.indexOf('/'));
        String joined = indent + "/** " + lines[i + 1].trim().substring(2) + " */";
        if (joined.length() <= MAX_LINE) {
          out.add(joined);
          i += 2;
          continue;
        }
      }
      if (line.isEmpty() && !out.isEmpty() && i + 1 < lines.length && isField(out.get(out.size() - 1))
          && isField(lines[i + 1]) && isStatic(out.get(out.size() - 1)) == isStatic(lines[i + 1])) {
        continue;
      }
      out.add(line);
    }
    return String.join("\n", out);
  }

  /** About the width a code block takes in the file: its text with packages left out (they are imported). */
  public static int width(CodeBlock code) {
    return code.toString().replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+(?=[A-Z])", "").length();
  }

  /**
   * {@code code} as one statement {@code indent} columns in when it fits in {@link #MAX_LINE} characters, else
   * broken after its {@code breakAfter}-th argument (of a call's comma-separated arguments, counted from 1).
   */
  public static CodeBlock statement(int indent, CodeBlock code, int breakAfter) {
    if (indent + width(code) + 1 <= MAX_LINE) {
      return CodeBlock.builder().addStatement(code).build();
    }
    String text = code.toString();
    int at = -1;
    for (int i = 0; i < breakAfter; i++) {
      at = text.indexOf(", ", at + 1);
    }
    return CodeBlock.builder()
        .add("$L,\n$>$>$L;\n$<$<", text.substring(0, at), text.substring(at + 2))
        .build();
  }

  private static boolean isField(String line) {
    return FIELD.matcher(line).matches() && !line.trim().startsWith("return ");
  }

  private static boolean isStatic(String line) {
    return line.contains(" static ");
  }
}
