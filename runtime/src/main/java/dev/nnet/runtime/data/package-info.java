/**
 * Loading samples into {@link dev.nnet.runtime.Dataset}s: CSV and IDX readers (plain or gzipped), scaling,
 * standardization, seeded shuffling and splitting, and the {@link dev.nnet.runtime.data.DataPipeline} that ties them
 * together. User mistakes surface as {@link dev.nnet.runtime.data.DataException}, quoting the file through io's
 * {@code Excerpt}. Depends on the runtime's core and io.
 */
package dev.nnet.runtime.data;
