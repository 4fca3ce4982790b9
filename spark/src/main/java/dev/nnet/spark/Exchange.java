package dev.nnet.spark;

/**
 * An all-gather among the tasks of one training stage: every task calls {@link #allGather} the same number of times,
 * and each call returns every task's bytes, indexed by task (the same array in every task).
 */
interface Exchange {
  /** This task's index, 0 to {@link #tasks()} − 1. */
  int rank();

  int tasks();

  byte[][] allGather(byte[] mine);
}
