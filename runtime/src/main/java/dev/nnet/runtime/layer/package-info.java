/**
 * Layer objects generated networks hold where the work is the same in every model: a convolution's and a pooling
 * layer's part scheduling (the chunk loop, per-part buffers, the parts' sums added in part order). The generated
 * class keeps the sizes, the parameters and the straight-line sequence of calls; and the recurrent cells (GRU, LSTM,
 * simple RNN) with backpropagation through time. Depends on {@code blas} (the matrix product and its thread team),
 * {@code kernel} and EJML's matrices.
 *
 * <p>A float64 class here that carries the line {@code // float32 twin: generated from this file by ...}
 * ({@code DoubleConv2d}, {@code DoubleRecurrent} and its cells) is the only source of its float32 twin
 * ({@code FloatConv2d}, {@code FloatRecurrent}, {@code FloatGru}, ...): runtime/src/build/GenerateFloat32.java writes
 * the twin into target/generated-sources/float32 at build time, replacing double by float, D by F in EJML's names
 * and suffixing literals. Edit the float64 class, write it so that those rules alone make it float32 (a cast to
 * {@code (double)} where float32 needs one, a kernel both precisions call by one name), and the tests of the
 * float32 class run the generated code.
 */
package dev.nnet.runtime.layer;
