/**
 * Finding and downloading the pretrained weights files a model needs, without ever leaving a half-written
 * file where a later start would trust it.
 *
 * <p>{@link org.convlens.model.weights.KnownWeights} names the official files and their checksums,
 * {@link org.convlens.model.weights.WeightsLocator} finds one on disk (explicit path, the app's
 * {@code models/} folder, Keras's cache), and {@link org.convlens.model.weights.WeightsDownloader} fetches a
 * missing one, verifies its MD5 and only then renames it into place. Nothing here knows DJL or JavaFX.
 */
package org.convlens.model.weights;
