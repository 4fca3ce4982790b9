/**
 * The compiler's facade: {@link dev.nnet.compiler.Frontend} reads a {@code .nnet} file and gives a
 * {@link dev.nnet.compiler.CheckResult}, the checked model or every diagnostic. Depends on parse, check, ast, model
 * and diag; the command line, the Maven plugin's pipeline and Spark's driver start here.
 */
package dev.nnet.compiler;
