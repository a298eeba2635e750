/**
 * Why a network decides as it does: Grad-CAM, saliency and SmoothGrad maps for a class, and activation
 * maximisation ("what this channel wants to see"). The gradients come from the inference stage
 * ({@link org.convlens.inference.NetworkGradients}); what is done with them here is plain Java, so the maths is
 * testable without TensorFlow. One {@link org.convlens.explain.Explainer} per loaded network, reused for every
 * image.
 */
package org.convlens.explain;
