/**
 * JMH benchmarks of the runtime ({@code Benchmark<Subject>} classes) and the mains that run them and print tables.
 * Depends on the runtime, the compiler (a sample is checked, generated and compiled as the tool does it: see
 * {@code Sample}) and JMH; nothing depends on it.
 */
package dev.nnet.benchmarks;
