/**
 * What the app remembers between runs (window, folders, view options, theme, weights, recent files) and the
 * JSON file it lives in. A damaged file costs the user their settings, never a start.
 */
package org.convlens.ui.settings;
