package dev.nnet.benchmarks;

import dev.nnet.runtime.Dataset;
import dev.nnet.runtime.Network;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch-1 inference of the Fashion-MNIST MLP (784 → 128 relu → 10 softmax): the generated class's
 * {@code predict(sample, result)} on the first 1,000 test images in turn, as {@code EndToEnd}'s latency figure calls
 * it, but with the weights as initialized from the model's seed (no training first, so a fork starts in seconds).
 *
 * <p>Several forks, because the figure used to depend on where a JVM put the 401 KB weight array (a vector load
 * straddling two cache lines costs twice an aligned one); each fork's score is one JVM's, so their spread is the
 * JVM-to-JVM variation. Compare the medians ({@code p0.50}): on a busy machine the mean counts the calls during
 * which the thread was descheduled. Run from the repository root (it reads {@code samples/fashion_mlp} and its data).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 5, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BenchmarkPredict {
  private static final Path FASHION = Path.of("samples/fashion_mlp/fashion_mlp.nnet");
  private static final int IMAGES = 1_000;

  private Sample sample;
  private Network net;
  private float[][] images;
  private float[] result;
  private int next;

  @Setup
  public void setUp() throws ReflectiveOperationException {
    sample = Sample.load(FASHION);
    net = sample.network(sample.plan.train().batchSize());
    Dataset test = sample.data.test().orElseThrow();
    int size = test.featureSize();
    images = new float[Math.min(IMAGES, test.rows())][];
    for (int i = 0; i < images.length; i++) {
      images[i] = new float[size];
      test.copyFeatures(i * size, images[i], 0, size);
    }
    result = new float[net.outputSize()];
  }

  @Benchmark
  public float[] predict() {
    next = next + 1 == images.length ? 0 : next + 1;
    sample.predict(net, images[next], result);
    return result;
  }
}
