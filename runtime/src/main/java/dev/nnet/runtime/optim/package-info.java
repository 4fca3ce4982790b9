/**
 * Optimizers (SGD with momentum and Nesterov, Adam, AdamW, RMSprop, Adagrad) updating a network's parameters from
 * their gradients, with exportable state for checkpoints. Depends on {@link dev.nnet.runtime.Parameter}, and on the
 * blas package's threads and the kernel package's {@code Parts} for updating large parameters in parts.
 */
package dev.nnet.runtime.optim;
