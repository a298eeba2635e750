/**
 * Turns an image file into what a model sees: decoding (PNG, JPEG including CMYK, BMP, GIF) with size limits
 * checked before any pixel is decoded, EXIF orientation, Pillow-compatible bilinear resizing and the Keras
 * preprocessing modes that make the input tensor. Knows nothing of DJL or JavaFX; holds no static mutable
 * state, so every function here can be tested and run on any thread.
 */
package org.convlens.image;
