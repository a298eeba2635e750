#!/usr/bin/env bash
# Renders the application icon from convlens.svg into the PNG sizes the window and the Linux package use, and
# the Windows .ico and macOS .icns that jpackage wants. The outputs are committed, so the build does not need
# these tools; run this again after editing the SVG.
# Needs: rsvg-convert (Debian: librsvg2-bin), ImageMagick's convert (.ico), png2icns (icnsutils, .icns).
set -euo pipefail
cd "$(dirname "$0")"
png_dir=../resources/org/convlens/ui/icons
pkg_dir=../../packaging/icons
mkdir -p "$png_dir" "$pkg_dir"
sizes="16 24 32 48 64 128 256 512"
for s in $sizes; do
  rsvg-convert -w "$s" -h "$s" convlens.svg -o "$png_dir/convlens-$s.png"
done
convert "$png_dir"/convlens-{16,24,32,48,64,256}.png "$pkg_dir/convlens.ico"
png2icns "$pkg_dir/convlens.icns" "$png_dir"/convlens-{16,32,48,128,256,512}.png >/dev/null
