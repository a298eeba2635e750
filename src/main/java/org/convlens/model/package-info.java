/**
 * Networks as data: the layer graph (records), ResNet50V2 defined in it with Keras's layer names, weights
 * bound to layers with shape checks, the model summary, untrained weights and the ImageNet class names.
 * Subpackages read Keras files ({@code keras}) and find or download weights ({@code weights}).
 * Knows nothing of DJL or JavaFX.
 */
package org.convlens.model;
