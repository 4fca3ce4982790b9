/**
 * Saving and loading trained models and resumable training state in one versioned, checksummed binary container,
 * written atomically. Depends on the runtime's core, optim, train (for the training state) and data (for the
 * standardizer).
 */
package dev.nnet.runtime.checkpoint;
