package org.convlens.model;

/** One class of the model's output: its index, its human-readable label and its probability. */
public record Prediction(int classIndex, String label, float probability) {}
