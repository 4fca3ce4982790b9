/**
 * The training loop ({@link dev.nnet.runtime.train.Trainer}): epochs of shuffled mini-batches, metrics, validation,
 * early stopping, divergence detection and a resumable state; plus the {@link dev.nnet.runtime.train.Evaluator}
 * and the {@link dev.nnet.runtime.train.History} it records, and a model's {@link dev.nnet.runtime.train.TrainingPlan}
 * run in one call by {@link dev.nnet.runtime.train.Training}. Depends on the runtime's core, optim, metrics and data
 * (a plan's data block is loaded through the data pipeline). The loop itself runs on the caller's thread: the
 * network's passes and the optimizer's update cut their own work over the team of threads.
 */
package dev.nnet.runtime.train;
