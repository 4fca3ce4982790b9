package demo;

/** Uses the generated class, so that compiling proves the generated sources are on the compile path. */
public final class App {
  private App() {}

  public static int outputs() {
    return new Tiny(4).outputSize();
  }
}
