/**
 * The classic Keras applications ({@code keras.applications}) as layer graphs with Keras's exact layer names, one
 * final class per model in the manner of {@link org.convlens.model.ResNet50V2}: its Keras model name, input size,
 * feature-map stages, head layer and {@code graph(includeTop)}. Each mirrors its {@code keras/src/applications/*.py}
 * as Keras 3 builds it (auto-generated names of unnamed layers, layer order of {@code model.summary()}), so the
 * official weights files and the generic importer's reading of Keras's own config give the same graph. Knows
 * nothing of DJL or JavaFX.
 */
package org.convlens.model.applications;
