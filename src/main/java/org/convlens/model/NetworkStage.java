package org.convlens.model;

/** A stage of a network: a short name for people and the layer whose output shows it. */
public record NetworkStage(String name, String layer) {}
