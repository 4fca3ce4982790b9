package dev.nnet.runtime.train;

import dev.nnet.runtime.metrics.ConfusionMatrix;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model's loss and metrics over a dataset.
 *
 * @param samples how many samples were evaluated
 * @param loss the mean loss per sample (with the regularization penalty, as Keras reports it)
 * @param metrics metric values by key, in the order asked for
 * @param confusion for classification, the confusion matrix
 */
public record Evaluation(int samples, double loss, Map<String, Double> metrics, Optional<ConfusionMatrix> confusion) {
  public Evaluation {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
