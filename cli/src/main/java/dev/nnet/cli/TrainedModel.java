package dev.nnet.cli;

import dev.nnet.compiler.model.ModelSpec;
import dev.nnet.runtime.Network;
import dev.nnet.runtime.checkpoint.Checkpoint;
import dev.nnet.runtime.checkpoint.Checkpoints;
import java.nio.file.Path;
import picocli.CommandLine;

/** A model file with its saved weights loaded: what {@code evaluate}, {@code predict} and {@code export} start from. */
record TrainedModel(ModelSpec spec, Network network, Checkpoint checkpoint) {

  /** Checks the model, compiles it and loads {@code weights} into it; a mismatch is refused with both fingerprints. */
  static TrainedModel load(CommandLine cmd, Path modelFile, Path weights) {
    ModelSpec spec = ModelFiles.load(cmd, modelFile, cmd.getErr());
    ModelFiles.requireFile(cmd, weights, "weights file");
    Network net = CompiledModel.instantiate(spec, spec.training().batchSize());
    Checkpoint checkpoint = Errors.checkpoint(() -> Checkpoints.load(weights, net));
    return new TrainedModel(spec, net, checkpoint);
  }
}
