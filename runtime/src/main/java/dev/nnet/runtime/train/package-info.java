/**
 * The training loop ({@link dev.nnet.runtime.train.Trainer}): epochs of shuffled mini-batches, metrics, validation,
 * early stopping, divergence detection and a resumable state; plus the {@link dev.nnet.runtime.train.Evaluator}
 * and the {@link dev.nnet.runtime.train.History} it records. Depends on the runtime's core, optim and metrics.
 */
package dev.nnet.runtime.train;
