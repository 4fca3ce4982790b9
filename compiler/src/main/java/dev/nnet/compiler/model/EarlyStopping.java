package dev.nnet.compiler.model;

/**
 * Stop when {@code monitor} (a history key such as {@code val_loss} or {@code val_accuracy}) has not improved by
 * more than {@code minDelta} for {@code patience} epochs; losses and errors improve downwards, the rest upwards.
 * With {@code restoreBest}, the weights of the best epoch are kept.
 */
public record EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {}
