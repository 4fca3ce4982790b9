package probe;

/** Compiles only if the test model's class is on the test compile path, beside the main classes. */
public final class ProbeUse {
  private ProbeUse() {}

  public static int outputs() {
    return new Probe(2).outputSize() + com.acme.App.outputs();
  }
}
