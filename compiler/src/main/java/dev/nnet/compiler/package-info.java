/**
 * The compiler's facade: {@link dev.nnet.compiler.Frontend} reads a {@code .nnet} file and gives a
 * {@link dev.nnet.compiler.CheckResult}, the checked model or every diagnostic; {@link dev.nnet.compiler.LayerTable}
 * lists every layer kind's keywords for the checker. Depends on parse, check, ast, model, diag and the kinds'
 * packages ({@code dev.nnet.compiler.layers.*}); the command line, the Maven plugin's pipeline and Spark's driver
 * start here.
 */
package dev.nnet.compiler;
