package dev.nnet.compiler.check;

import java.util.Set;

/**
 * What may become a Java name. Model and package names are the only text from a model file that ends up as Java
 * code; the lexer already limits them to ASCII letters, digits and underscores, and this class rules out the
 * words Java reserves, the java.lang types generated code relies on, and packages that belong to the JDK or to the
 * nnet runtime.
 */
final class JavaNames {
  private JavaNames() {}

  /** Reserved keywords and literals (JLS 3.9, 3.10.3, 3.10.8); {@code _} has been a keyword since Java 9. */
  static final Set<String> KEYWORDS =
      Set.of(
          "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
          "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
          "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
          "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
          "throw", "throws", "transient", "try", "void", "volatile", "while", "_", "true", "false", "null");

  /** Contextual keywords that cannot name a type (JLS 3.9). */
  static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

  /**
   * First parts of the JDK's packages: javac refuses to compile a class into a package of another module (found by
   * fuzzing: {@code package javax.tools}).
   */
  static final Set<String> JDK_PACKAGE_ROOTS = Set.of("java", "javax", "jdk", "sun");

  /** The package of the runtime that generated code uses; a model class in it could replace one of its classes. */
  static final String RUNTIME_PACKAGE = "dev.nnet.runtime";

  /**
   * First parts of the packages generated code names. A class {@code dev} obscures the package {@code dev} in its
   * own package, so a generated class beside it that must write {@code dev.nnet.runtime.Network} in full (being
   * itself called {@code Network}) would not compile (found by the injection tests).
   */
  static final Set<String> PACKAGE_ROOTS_OF_GENERATED_CODE = Set.of("dev", "org", "java", "javax");

  /** Packages generated code imports from, outside the JDK; no model class may be named like one of them. */
  static final java.util.List<String> GENERATED_CODE_PACKAGES =
      java.util.List.of("dev.nnet.runtime.blas", "dev.nnet.runtime.kernel", "org.ejml.data");

  /** java.lang types that a class of the same name would hide from the code inside it. */
  static final Set<String> JAVA_LANG =
      Set.of(
          "Object", "String", "Math", "StrictMath", "System", "Float", "Double", "Integer", "Long", "Short", "Byte",
          "Boolean", "Character", "Number", "Void", "Class", "Thread", "Runtime", "Iterable", "Comparable",
          "Override", "Deprecated", "SuppressWarnings", "FunctionalInterface", "SafeVarargs", "Exception",
          "RuntimeException", "Error", "Throwable", "Record", "Enum", "StringBuilder", "AutoCloseable",
          "IllegalArgumentException", "IllegalStateException", "ArithmeticException");
}
