/**
 * Test fixtures shared by the runtime's tests: a small hand-written {@link dev.nnet.runtime.Network} (softmax
 * regression or one-hidden-layer MLP, float32 or float64), parameter builders and the path to the repository's samples.
 */
package dev.nnet.runtime.testing;
