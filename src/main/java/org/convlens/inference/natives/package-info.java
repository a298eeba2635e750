/**
 * Puts TensorFlow's native libraries where DJL can load them, without any download: they are extracted
 * once from the {@code org.tensorflow:tensorflow-core-native} jar on the class path into a per-user cache
 * folder, atomically, and DJL is pointed at that folder through {@code TENSORFLOW_LIBRARY_PATH}.
 *
 * <p>{@link org.convlens.inference.natives.NativeExtractor} is the generic core (any class-path resource
 * folder, so it is tested with a small jar); {@link org.convlens.inference.natives.TensorFlowNatives} adds
 * the TensorFlow specifics: platform, version, cache location and the properties DJL and JavaCPP read.
 */
package org.convlens.inference.natives;
