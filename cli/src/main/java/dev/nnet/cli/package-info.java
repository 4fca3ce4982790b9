/**
 * The {@code ./nnet} command line (picocli): one class per command, each turning options into calls on the
 * compiler and the runtime. Depends on both; nothing depends on it.
 */
package dev.nnet.cli;
