#!/usr/bin/env bash
# Refresh the vendored KERN UX design system in app/static/kern from the npm
# registry. Only the built CSS, the Fira Sans weights we use and the licence
# are copied; nothing is loaded from other hosts at run time.
set -euo pipefail
version="${1:-2.7.2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-audit --no-fund --silent "@kern-ux/native@${version}"
src="$work/node_modules/@kern-ux/native"
dest="app/static/kern"
rm -rf "$dest"
mkdir -p "$dest/fonts/fira-sans"
cp "$src/dist/kern.min.css" "$src/LICENSE.md" "$dest/"
weights=(Regular:400:normal Italic:400:italic Medium:500:normal SemiBold:600:normal Bold:700:normal)
: > "$dest/fonts/fira-sans.css"
for entry in "${weights[@]}"; do
  IFS=: read -r name weight style <<<"$entry"
  cp "$src/dist/fonts/fira-sans/FiraSans-${name}.woff2" "$dest/fonts/fira-sans/"
  printf '@font-face{font-family:"Fira Sans";src:url("./fira-sans/FiraSans-%s.woff2") format("woff2");font-weight:%s;font-style:%s;font-display:swap}\n' \
    "$name" "$weight" "$style" >> "$dest/fonts/fira-sans.css"
done
# KERN ships the fonts without their licence text; the OFL asks for it beside them.
cp "$(dirname "$0")/OFL-fira-sans.txt" "$dest/fonts/OFL.txt"
cat > "$dest/VERSION" <<TXT
@kern-ux/native ${version} (npm registry), EUPL-1.2: see LICENSE.md.
Fonts: Fira Sans (SIL Open Font License 1.1), shipped inside the same package.
Refresh with: make kern KERN_VERSION=x.y.z
TXT
echo "KERN ${version} copied to ${dest}"
