/**
 * Reads Keras weights files in the HDF5 layout that Keras 2 (and Keras 3's {@code legacy_h5_format}) writes,
 * both weights-only files ({@code save_weights}, keras-applications downloads) and full-model files
 * ({@code model.save('m.h5')}), into plain {@link org.convlens.tensor.Tensor}s listed per layer.
 *
 * <p>It only reads what the file holds: matching weights to a network and interpreting {@code model_config}
 * belong to the model code. Knows nothing of DJL or JavaFX.
 */
package org.convlens.model.keras;
