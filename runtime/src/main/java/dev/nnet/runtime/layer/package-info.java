/**
 * Layer objects generated networks hold where the work is the same in every model: a convolution's and a pooling
 * layer's part scheduling (the chunk loop, per-part buffers, the parts' sums added in part order). The generated
 * class keeps the sizes, the parameters and the straight-line sequence of calls. Depends on {@code blas} (the
 * matrix product and its thread team), {@code kernel} and EJML's matrices.
 */
package dev.nnet.runtime.layer;
