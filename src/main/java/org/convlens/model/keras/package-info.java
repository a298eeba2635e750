/**
 * Reads Keras files: weights in the HDF5 layout that Keras 2 (and Keras 3's {@code legacy_h5_format}) writes,
 * both weights-only files ({@code save_weights}, keras-applications downloads) and full-model files
 * ({@code model.save('m.h5')}), into plain {@link org.convlens.tensor.Tensor}s listed per layer; and the
 * architecture ({@code model_config}) into a {@link org.convlens.model.LayerGraph}.
 *
 * <p>The architecture is read in two steps: {@code KerasArchitecture} walks a Keras 2 graph (Sequential or
 * Functional, inbound nodes), and {@code KerasLayers} decodes each layer's config through one small decoder per
 * layer family ({@code ConvolutionDecoders}, {@code PoolingDecoders}, ...), shared by every front end. Knows
 * nothing of DJL or JavaFX.
 */
package org.convlens.model.keras;
