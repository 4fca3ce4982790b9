package dev.nnet.runtime.data;

import dev.nnet.runtime.io.Excerpt;
import java.util.List;

/**
 * What {@link CsvReader} makes of cells and names as text: whether a cell is a number, a label that is an integer,
 * and the previews, abbreviations and edit distances its messages use.
 */
final class CsvText {
  private CsvText() {}

  /** The label as an integer when it is one ({@code 3}, {@code -1}, {@code 3.0}), else null. */
  static Long integerLabel(String s) {
    if (!isNumber(s)) {
      return null;
    }
    double v = Double.parseDouble(s);
    if (v != Math.rint(v) || Math.abs(v) > 1e15) {
      return null;
    }
    return (long) v;
  }

  /** A decimal number: optional sign, digits with an optional fraction, optional exponent. No NaN, no hex. */
  static boolean isNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == n;
  }

  static String preview(List<String> names) {
    int shown = Math.min(names.size(), 8);
    String list = String.join(", ", names.subList(0, shown).stream().map(CsvText::abbreviate).toList());
    return names.size() > shown ? list + ", ... (" + names.size() + " in all)" : list;
  }

  static String abbreviate(String s) {
    return Excerpt.of(s.length() <= 40 ? s : s.substring(0, 37) + "...");
  }

  /** Levenshtein distance, for "did you mean". */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
