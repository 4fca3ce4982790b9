/**
 * Saving and loading trained models and resumable training state in one versioned, checksummed binary container,
 * written atomically (through the io package). Depends on the runtime's core, optim, train (for the training
 * state), data (for the standardizer) and io.
 */
package dev.nnet.runtime.checkpoint;
