package dev.nnet.runtime.train;

import dev.nnet.runtime.data.PreparedData;
import java.util.Optional;

/**
 * What {@link Training#fit} leaves: the data as it was prepared (its standardizer and class names are what new
 * samples need), the history of every epoch, and the metrics on the test part when there is one.
 */
public record TrainingResult(PreparedData data, History history, Optional<Evaluation> test) {}
