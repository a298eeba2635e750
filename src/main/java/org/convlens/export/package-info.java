/**
 * Writes what ConvLens shows to files others can open: PNG with its provenance in text chunks, NumPy
 * {@code .npy} arrays, predictions as JSON, and an {@code index.html} contact sheet tying a folder of views
 * together. Every file is written atomically ({@link org.convlens.files.AtomicFiles}); nothing here knows
 * DJL or JavaFX, so the command line and the app share it.
 */
package org.convlens.export;
