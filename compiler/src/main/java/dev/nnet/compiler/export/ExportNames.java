package dev.nnet.compiler.export;

import com.palantir.javapoet.NameAllocator;
import java.util.Locale;
import javax.lang.model.SourceVersion;

/**
 * The one place the exporter makes identifiers from user text: layer names become fields ({@code dense1Kernel}),
 * constants ({@code DENSE1_UNITS}) and methods ({@code dense1}). Each is checked to be a Java identifier and
 * allocated once, so a layer named like a fixed member cannot shadow it.
 */
final class ExportNames {
  private final NameAllocator fields = new NameAllocator();
  private final NameAllocator constants = new NameAllocator();
  private final NameAllocator methods = new NameAllocator();

  ExportNames(String[] fixedFields, String[] fixedConstants, String[] fixedMethods) {
    for (String n : fixedFields) {
      fields.newName(n);
    }
    for (String n : fixedConstants) {
      constants.newName(n);
    }
    for (String n : fixedMethods) {
      methods.newName(n);
    }
  }

  /** {@code field("dense1", "kernel")} is {@code dense1Kernel}. */
  String field(String layer, String part) {
    return fields.newName(decapitalize(checkFragment(layer)) + capitalize(part));
  }

  /** {@code constant("dense1", "units")} is {@code DENSE1_UNITS}. */
  String constant(String layer, String part) {
    return constants.newName(upperSnake(checkFragment(layer)) + "_" + upperSnake(part));
  }

  /** The method computing a layer: its name, decapitalized. */
  String method(String layer) {
    return methods.newName(decapitalize(checkFragment(layer)));
  }

  static String checkClassName(String name) {
    if (!SourceVersion.isName(name) || name.contains(".")) {
      throw new IllegalArgumentException("not a Java class name: '" + name + "'");
    }
    return name;
  }

  static String checkPackageName(String name) {
    if (!name.isEmpty() && !SourceVersion.isName(name)) {
      throw new IllegalArgumentException("not a Java package name: '" + name + "'");
    }
    return name;
  }

  static String checkFragment(String name) {
    if (!SourceVersion.isIdentifier(name)) {
      throw new IllegalArgumentException("layer name is not an identifier: '" + name + "'");
    }
    return name;
  }

  /** {@code denseOne} and {@code dense_one} both become {@code DENSE_ONE}. */
  static String upperSnake(String s) {
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

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String decapitalize(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** User text made safe in a comment: no terminator, no backslash (unicode escapes), no control characters. */
  static String commentText(String s) {
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
