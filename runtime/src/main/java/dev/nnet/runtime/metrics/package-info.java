/**
 * Streaming metrics (accuracy, top-k accuracy, precision, recall, F1, MSE, MAE, R²) fed batch by batch from a
 * {@link dev.nnet.runtime.Network}'s outputs, and the confusion matrix of evaluation reports. Depends on the
 * runtime's core only.
 */
package dev.nnet.runtime.metrics;
