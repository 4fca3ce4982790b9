/**
 * The Maven plugin: goals {@code generate} and {@code test-generate} turn their parameters into a
 * {@link dev.nnet.compiler.pipeline.BuildRequest} and log the result. Depends on the compiler's pipeline package
 * and Maven.
 */
package dev.nnet.maven;
