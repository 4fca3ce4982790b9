/**
 * Tests of what nnet does when things go wrong: malformed data files, training that diverges, runs that are
 * interrupted or killed, damaged checkpoints. They drive the command line in-process or as a child JVM.
 */
package dev.nnet.cli.reliability;
