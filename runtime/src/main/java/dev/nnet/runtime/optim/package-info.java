/**
 * Optimizers (SGD with momentum and Nesterov, Adam, AdamW, RMSprop, Adagrad) updating a network's parameters from
 * their gradients, with exportable state for checkpoints. Depends on {@link dev.nnet.runtime.Parameter} only.
 */
package dev.nnet.runtime.optim;
