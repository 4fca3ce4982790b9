package dev.nnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
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

  @Test
  void sizeAllocatesNothing() {
    Parameter p = f32(784, 128);
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (int i = 0; i < 1000; i++) {
      sum += p.size();
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      sum += p.size();
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertThat(sum).isEqualTo(11_000L * 100_352);
    assertThat(allocated).as("bytes allocated by 10,000 calls").isZero();
  }
}
