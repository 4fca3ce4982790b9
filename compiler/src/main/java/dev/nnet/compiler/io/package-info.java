/**
 * Writing output files (generated sources, build state, cached classes): atomically, and only over regular files.
 * Depends on the JDK only; the runtime keeps its own copy ({@code dev.nnet.runtime.io}), as the compiler never has
 * the runtime on its class path.
 */
package dev.nnet.compiler.io;
