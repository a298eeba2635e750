/**
 * The classic Keras applications ({@code keras.applications}) defined as layer graphs in Java, like
 * {@link org.convlens.model.ResNet50V2}: one final class per model (VGG16, ResNet50, MobileNetV2, DenseNet121)
 * with Keras's exact layer names (the names Keras 3 gives unnamed layers included), its input size, its stages
 * for the Feature maps tabs and its prediction layer, so the official weights files match layer by layer. Each
 * mirrors its {@code keras/src/applications/*.py}. Knows nothing of DJL or JavaFX.
 */
package org.convlens.model.applications;
