/**
 * Compiling generated sources in memory with javax.tools and loading them in a fresh class loader, with an
 * optional on-disk cache of the class files (written through the io package). Depends on JavaPoet, codegen's
 * {@code SourceText} (a generated file's text, as it is written) and the JDK; finds the runtime on the class path.
 */
package dev.nnet.compiler.javac;
