/**
 * Compiling generated sources in memory with javax.tools and loading them in a fresh class loader, with an
 * optional on-disk cache of the class files. Depends on JavaPoet and the JDK; finds the runtime on the class path.
 */
package dev.nnet.compiler.javac;
