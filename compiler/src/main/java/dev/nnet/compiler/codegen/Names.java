package dev.nnet.compiler.codegen;

import com.palantir.javapoet.NameAllocator;
import java.util.Locale;
import javax.lang.model.SourceVersion;

/**
 * The one place identifiers derived from user text are made, for the generated network and the standalone export
 * alike: layer names become fields ({@code dense1Kernel}), constants ({@code DENSE1_UNITS}) and methods
 * ({@code forwardDense1}, {@code dense1}). Every name is checked to be a Java identifier and allocated once per
 * class, so a layer named like a fixed member cannot shadow it. One instance per generated class.
 */
public final class Names {
  private final NameAllocator fields = new NameAllocator();
  private final NameAllocator constants = new NameAllocator();
  private final NameAllocator methods = new NameAllocator();

  /** Reserves names the generated class uses itself (fixed fields, locals, interface methods). */
  public void reserveFields(String... names) {
    for (String n : names) {
      fields.newName(n);
    }
  }

  public void reserveConstants(String... names) {
    for (String n : names) {
      constants.newName(n);
    }
  }

  public void reserveMethods(String... names) {
    for (String n : names) {
      methods.newName(n);
    }
  }

  /** A field for {@code part} of {@code layer}: {@code field("dense1", "kernel")} is {@code dense1Kernel}. */
  public String field(String layer, String part) {
    return fields.newName(decapitalize(checkFragment(layer)) + capitalize(part));
  }

  /** A constant for {@code part} of {@code layer}: {@code constant("dense1", "units")} is {@code DENSE1_UNITS}. */
  public String constant(String layer, String part) {
    return constants.newName(upperSnake(checkFragment(layer)) + "_" + upperSnake(part));
  }

  /** A method for a step of {@code layer}: {@code method("forward", "dense1")} is {@code forwardDense1}. */
  public String method(String verb, String layer) {
    return methods.newName(verb + capitalize(checkFragment(layer)));
  }

  /** A method named after {@code layer} alone: {@code method("dense1")} is {@code dense1}. */
  public String method(String layer) {
    return methods.newName(decapitalize(checkFragment(layer)));
  }

  /** Checks a simple class name: an identifier, not a keyword. */
  public static String checkClassName(String name) {
    if (!SourceVersion.isName(name) || name.contains(".")) {
      throw new IllegalArgumentException("not a Java class name: '" + name + "'");
    }
    return name;
  }

  /** Checks a package name: empty, or dot-separated identifiers that are not keywords. */
  public static String checkPackageName(String name) {
    if (!name.isEmpty() && !SourceVersion.isName(name)) {
      throw new IllegalArgumentException("not a Java package name: '" + name + "'");
    }
    return name;
  }

  /** Checks that a layer name can start a Java identifier. */
  public static String checkFragment(String name) {
    if (!SourceVersion.isIdentifier(name)) {
      throw new IllegalArgumentException("layer name is not an identifier: '" + name + "'");
    }
    return name;
  }

  /** {@code denseOne} and {@code dense_one} both become {@code DENSE_ONE}. */
  public static String upperSnake(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(s.charAt(i - 1)) && s.charAt(i - 1) != '_') {
        out.append('_');
      }
      out.append(c);
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  public static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  public static String decapitalize(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * User text made safe inside a generated comment: no comment terminator, no backslash (javac reads
   * {@code \}{@code u} escapes even in comments), no line breaks or control characters.
   */
  public static String commentText(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        out.append('/');
      } else if (c == '*' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
        out.append("*&#47;");
        i++;
      } else if (Character.isISOControl(c)) {
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
