/**
 * Background work for the app: the {@code TaskRunner} contract every view and controller is given, the
 * thread-pool implementation that reports progress to the status bar, and {@code LatestOnly} for requests
 * where a newer one makes the older pointless. Nothing here knows what the work is.
 */
package org.convlens.ui.tasks;
