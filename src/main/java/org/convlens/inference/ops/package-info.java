/**
 * One TensorFlow translator per layer family ({@code ConvolutionOps}, {@code PoolingOps}, ...): how each record of
 * {@link org.convlens.model.LayerConfig}'s families becomes TensorFlow ops. {@code TfGraphBuilder} walks the graph
 * and hands each layer to its family's translator; each family's test compares it with a plain-Java reference.
 */
package org.convlens.inference.ops;
