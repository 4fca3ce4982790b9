package dev.nnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nnet.runtime.testing.Allocations;
import dev.nnet.runtime.testing.Allocations.Jit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class ParameterTest {
  private static Parameter f32(int... shape) {
    return new Parameter.F32("p", shape, true, new FMatrixRMaj(1, 1), new FMatrixRMaj(1, 1));
  }

  @Test
  void sizeIsTheProductOfTheShape() {
    assertThat(f32(3, 3, 16, 32).size()).isEqualTo(4608);
    assertThat(f32(128).size()).isEqualTo(128);
    assertThat(f32().size()).as("a scalar").isEqualTo(1);
    assertThat(f32(5, 0, 7).size()).isZero();
    assertThat(new Parameter.F64("d", new int[] {784, 128}, true, new DMatrixRMaj(1, 1), new DMatrixRMaj(1, 1))
        .size()).isEqualTo(100_352);
  }

  @Test
  void sizeOverflowFailsInsteadOfWrapping() {
    assertThatThrownBy(() -> f32(65_536, 65_536).size()).isInstanceOf(ArithmeticException.class);
  }

  /** {@code size()} over and over, in the child JVM of {@link Allocations}: optimizers call it in their steps. */
  static final class Sizes implements Allocations.Workload {
    long sum;

    @Override
    public Runnable prepare(String argument) {
      Parameter p = f32(784, 128);
      return () -> sum += p.size();
    }
  }

  @Test
  void sizeAllocatesNothing() throws Exception {
    assertThat(Allocations.allocated(Sizes.class, "", Jit.C1, 10, 10_000)).as("bytes allocated by 10,000 calls")
        .isZero();
  }
}
