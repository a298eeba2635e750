/**
 * The pipeline assembled: weights choice to running model ({@code ModelLoader}), image file to activations and
 * predictions ({@code Analyzer}), and the per-user folders. The command line and the app both go through here;
 * no DJL type appears in its API.
 */
package org.convlens.pipeline;
