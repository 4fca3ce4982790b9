/**
 * JMH benchmarks of the runtime ({@code Benchmark<Subject>} classes) and the mains that run them and print tables.
 * Depends on the runtime and JMH; nothing depends on it.
 */
package dev.nnet.benchmarks;
