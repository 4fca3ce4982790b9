/**
 * Loading samples into {@link dev.nnet.runtime.Dataset}s: CSV and IDX readers (plain or gzipped), scaling,
 * standardization, seeded shuffling and splitting, and the {@link dev.nnet.runtime.data.DataPipeline} that ties them
 * together. User mistakes surface as {@link dev.nnet.runtime.data.DataException}. Depends on the runtime's core only.
 */
package dev.nnet.runtime.data;
