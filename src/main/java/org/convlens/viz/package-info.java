/**
 * Turns tensors into pictures: filter grids, feature-map mosaics, single channels and overlays, with the
 * normalisation and colormaps they need. Pure functions from {@link org.convlens.tensor.Tensor} to
 * {@link org.convlens.viz.Raster}: no JavaFX, no DJL, no static mutable state, so everything here is tested
 * pixel by pixel on tiny arrays (the keract habit, with its unguarded {@code max - min} fixed).
 */
package org.convlens.viz;
