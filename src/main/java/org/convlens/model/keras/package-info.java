/**
 * Reads Keras files into plain {@link org.convlens.tensor.Tensor}s and a {@link org.convlens.model.LayerGraph}:
 * whole models as Keras 2 HDF5 ({@code model.save('m.h5')}, also Keras 3's legacy {@code .h5}), Keras 3 and
 * Keras 2.13-2.15 {@code .keras} archives, an architecture {@code .json} with its weights file, and weights-only
 * HDF5 files ({@code save_weights}, keras-applications downloads). {@code KerasModel} is the entry point; it tells
 * the format from the file's first bytes.
 *
 * <p>The architecture is read in two steps: {@code KerasArchitecture} walks the graph (Functional or Sequential,
 * Keras 2 and Keras 3 inbound nodes in {@code KerasNodes}, nested models flattened by path, shared layers,
 * Keras 3 operations in {@code KerasOps}), and {@code KerasLayers} decodes each layer's config through one small
 * decoder per layer family ({@code ConvolutionDecoders}, {@code PoolingDecoders}, ...), shared by every front end.
 * The walk also keeps the models' nesting ({@code LayerTree}), by which the weights are found: by layer name and,
 * for a nested model, by position in its one group ({@code LegacyWeights}), or by class-name keys in an archive's
 * {@code model.weights.h5} ({@code ArchiveWeights}). {@code KerasArchive} unpacks an archive after checking it.
 * Knows nothing of DJL or JavaFX.
 */
package org.convlens.model.keras;
