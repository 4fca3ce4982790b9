/**
 * Model summaries: the Keras-style table of layers, shapes and parameter counts, with FLOPs and memory. Reads the
 * typed model only; depends on the model package.
 */
package dev.nnet.compiler.summary;
