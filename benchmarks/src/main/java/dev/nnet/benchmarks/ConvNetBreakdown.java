package dev.nnet.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a training step of the Fashion-MNIST convnet goes, in CPU time of the calling thread, which another
 * process's load inflates far less than wall time: {@link BenchmarkConvNet}'s layers, forward then backward, and the
 * whole step, run round after round, each reported as its median over the rounds after the first quarter (JIT
 * warm-up). With OpenBLAS on one thread ({@code OPENBLAS_NUM_THREADS=1}) the calling thread's CPU time is all of
 * it.
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java -cp benchmarks/target/benchmarks.jar dev.nnet.benchmarks.ConvNetBreakdown [ROUNDS (40)]
 * </pre>
 */
public final class ConvNetBreakdown {
  private ConvNetBreakdown() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    BenchmarkConvNet net = new BenchmarkConvNet();
    net.batch = 128;
    net.backend = "blas";
    net.setUp();
    String[] names = {
      "conv 1 forward", "max pool 1 forward", "conv 2 forward", "max pool 2 forward", "dropout, dense, softmax",
      "loss, dense, dropout backward", "max pool 2 backward", "conv 2 backward", "max pool 1 backward",
      "conv 1 backward", "whole step"
    };
    Runnable[] parts = {
      net::conv1Forward, net::pool1Forward, net::conv2Forward, net::pool2Forward, net::denseForward,
      net::denseBackward, net::pool2Backward, net::conv2Backward, net::pool1Backward, net::conv1Backward, net::step
    };
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<double[]> times = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      times.add(new double[rounds]);
    }
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < parts.length; i++) {
        long start = threads.getCurrentThreadCpuTime();
        parts[i].run();
        times.get(i)[r] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
      }
    }
    System.out.println("| part | CPU ms (median) |");
    System.out.println("|---|---:|");
    for (int i = 0; i < parts.length; i++) {
      double[] kept = Arrays.copyOfRange(times.get(i), rounds / 4, rounds);
      Arrays.sort(kept);
      System.out.printf("| %s | %.1f |%n", names[i], kept[kept.length / 2]);
    }
  }
}
