/**
 * Files and text at the edge of the runtime: output files written atomically and only over regular files
 * ({@link dev.nnet.runtime.io.OutputFiles}), and input quoted in messages at most 200 characters long with control
 * characters escaped ({@link dev.nnet.runtime.io.Excerpt}). Depends on the JDK only; the compiler keeps its own copy
 * of the writing ({@code dev.nnet.compiler.io}), as it never has the runtime on its class path.
 */
package dev.nnet.runtime.io;
