package org.convlens.ui.views;

import java.util.Map;
import org.convlens.viz.Raster;

/**
 * A rendered view ready to export: the raster at full resolution, a suggested file name (without folder) and
 * the PNG text metadata that says what it shows.
 */
public record ViewImage(Raster raster, String suggestedFileName, Map<String, String> metadata) {}
