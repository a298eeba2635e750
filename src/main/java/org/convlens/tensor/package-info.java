/**
 * The data contract of the pipeline: a plain float tensor and the named activations of one forward pass.
 * Knows nothing of images, models, DJL or JavaFX, so every other package can depend on it.
 */
package org.convlens.tensor;
