/**
 * Coverage-guided fuzzing (Jazzer) of the front end, the generator and javac on what it generates. Depends on the
 * whole compiler; the runtime is on the class path only so that javac can resolve generated code.
 */
package dev.nnet.compiler.fuzz;
