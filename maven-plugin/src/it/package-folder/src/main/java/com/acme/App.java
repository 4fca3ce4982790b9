package com.acme;

import com.acme.models.Tiny;
import com.acme.named.Named;

/** Compiles only if both generated classes are on the compile path, in their packages. */
public final class App {
  private App() {}

  public static int outputs() {
    return new Tiny(2).outputSize() + new Named(2).outputSize();
  }
}
