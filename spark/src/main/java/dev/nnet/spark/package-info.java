/**
 * Training nnet models data-parallel on Apache Spark: the data is prepared across the cluster into one shard per
 * task, kept on the executors, and the driver ships the model's class files; a barrier stage per epoch runs the
 * runtime's trainer in every task, exchanging gradients every step.
 * Depends on the runtime, the compiler (for {@code .nnet} files given to the driver), the command line (its epoch
 * lines) and Spark.
 */
package dev.nnet.spark;
