package dev.nnet.compiler.check;

import java.util.Set;

/**
 * What may become a Java name. Model and package names are the only text from a model file that ends up as Java
 * code; the lexer already limits them to ASCII letters, digits and underscores, and this class rules out the
 * words Java reserves, the java.lang types generated code relies on, and packages that belong to the JDK or to the
 * nnet runtime.
 */
public final class JavaNames {
  private JavaNames() {}

  /**
   * The longest class name or package part accepted: the name becomes a file name ({@code Name.java}, and for an
   * export {@code Name.weights.bin} and a temporary file beside it), and file systems refuse names over 255 bytes.
   */
  public static final int MAX_NAME_LENGTH = 128;

  /** Why {@code name} cannot name a generated class, or null when it can. */
  static String classNameProblem(String name) {
    if (name.length() > MAX_NAME_LENGTH) {
      return "is " + name.length() + " characters long; at most " + MAX_NAME_LENGTH + " are allowed (it becomes a"
          + " file name)";
    } else if (KEYWORDS.contains(name)) {
      return "`" + name + "` is a Java keyword";
    } else if (RESTRICTED_TYPE_NAMES.contains(name)) {
      return "`" + name + "` cannot name a Java class";
    } else if (JAVA_LANG.contains(name)) {
      return "`" + name + "` would hide java.lang." + name + " in the generated class";
    } else if (PACKAGE_ROOTS_OF_GENERATED_CODE.contains(name)) {
      return "`" + name + "` would hide the package `" + name + "` from generated classes in the same package";
    }
    return null;
  }

  /** Why part {@code index} (from 0) of a package name cannot be, or null when it can. */
  static String packagePartProblem(String part, int index) {
    if (part.length() > MAX_NAME_LENGTH) {
      return "package name part is " + part.length() + " characters long; at most " + MAX_NAME_LENGTH
          + " are allowed (it becomes a folder name)";
    } else if (KEYWORDS.contains(part)) {
      return "package name part `" + part + "` is a Java keyword";
    } else if (index == 0 && JDK_PACKAGE_ROOTS.contains(part)) {
      return "packages under `" + part + "` are reserved for the JDK";
    }
    return null;
  }

  /** Whether {@code javaPackage} is, or is inside, the runtime's package. */
  static boolean isRuntimePackage(String javaPackage) {
    return javaPackage.equals(RUNTIME_PACKAGE) || javaPackage.startsWith(RUNTIME_PACKAGE + ".");
  }

  /**
   * Why a class {@code className} in {@code javaPackage} ("" for none) would not compile or would break the code
   * beside it, or empty when it is fine: the rules the checker applies to a model's names, for names given on the
   * command line ({@code nnet export --class --package}).
   */
  public static java.util.Optional<String> problem(String javaPackage, String className) {
    if (!javax.lang.model.SourceVersion.isIdentifier(className)) {
      return java.util.Optional.of("`" + className + "` is not a Java class name");
    }
    String p = classNameProblem(className);
    if (p != null) {
      return java.util.Optional.of("class name " + (p.startsWith("is ") ? "`" + className.substring(0,
          Math.min(40, className.length())) + "...` " : "") + p);
    }
    if (!javaPackage.isEmpty()) {
      if (!javax.lang.model.SourceVersion.isName(javaPackage)) {
        return java.util.Optional.of("`" + javaPackage + "` is not a Java package name");
      }
      String[] parts = javaPackage.split("\\.");
      for (int i = 0; i < parts.length; i++) {
        String q = packagePartProblem(parts[i], i);
        if (q != null) {
          return java.util.Optional.of(q);
        }
      }
      if (isRuntimePackage(javaPackage)) {
        return java.util.Optional.of("packages under `" + RUNTIME_PACKAGE + "` are reserved for the nnet runtime");
      }
    }
    return java.util.Optional.empty();
  }

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
