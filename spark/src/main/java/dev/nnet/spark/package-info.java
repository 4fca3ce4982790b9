/**
 * Training nnet models data-parallel on Apache Spark: the driver prepares the data and ships the model's class
 * files; a barrier stage per epoch runs the runtime's trainer in every task, exchanging gradients every step.
 * Depends on the runtime, the compiler (for {@code .nnet} files given to the driver), the command line (its epoch
 * lines) and Spark.
 */
package dev.nnet.spark;
