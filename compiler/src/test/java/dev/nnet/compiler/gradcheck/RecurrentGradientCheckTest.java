package dev.nnet.compiler.gradcheck;

import static dev.nnet.compiler.codegen.TestModels.model;

import dev.nnet.compiler.layers.recurrent.RecurrentCell;
import dev.nnet.compiler.model.ActivationKind;
import dev.nnet.compiler.model.LossKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gradient checks of the generated recurrent layers, each cell alone and stacked with return_sequences, without a
 * bias, and bidirectional (both halves of the output, both directions' input gradients added). The masked paths
 * are checked at the kernel level (the runtime's GruGradientTest and its siblings); see {@link GradientCheck}.
 */
@Tag("slow") // javac-heavy: one compilation per model
class RecurrentGradientCheckTest {
  @ParameterizedTest
  @EnumSource(RecurrentCell.class)
  void lastStateIntoDense(RecurrentCell cell) throws Exception {
    GradientCheck.check(model("Last" + cell.kerasName(), 4, 3)
        .recurrent("rnn", cell, 5, false, true)
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }

  @ParameterizedTest
  @EnumSource(RecurrentCell.class)
  void stackedWithReturnSequencesAndNoBias(RecurrentCell cell) throws Exception {
    GradientCheck.check(model("Stacked" + cell.kerasName(), 5, 2)
        .recurrent("first", cell, 4, true, true)
        .recurrent("second", cell, 3, true, false)
        .flatten("flat")
        .dense("out", 3, ActivationKind.SOFTMAX)
        .loss(LossKind.CATEGORICAL_CROSSENTROPY)
        .build());
  }

  @ParameterizedTest
  @EnumSource(RecurrentCell.class)
  void bidirectionalBothWays(RecurrentCell cell) throws Exception {
    GradientCheck.check(model("Bi" + cell.kerasName(), 4, 3)
        .bidirectional("bi", cell, 3, true)
        .bidirectional("last", cell, 2, false)
        .dense("out", 2, ActivationKind.LINEAR)
        .build());
  }
}
