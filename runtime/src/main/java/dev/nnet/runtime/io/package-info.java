/**
 * Writing output files: atomically, and only over regular files. Depends on the JDK only; the compiler keeps its own
 * copy ({@code dev.nnet.compiler.io}), as it never has the runtime on its class path.
 */
package dev.nnet.runtime.io;
