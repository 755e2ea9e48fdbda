#!/usr/bin/env bash
# Lays out the package's documentation as Debian policy wants it: copyright as is, changelog and man
# pages compressed with gzip -9n (no name or time stamp, so the package builds reproducibly).
set -euo pipefail
src=$1 out=$2
rm -rf "$out"
mkdir -p "$out/doc" "$out/man8"
cp "$src/debian/copyright" "$out/doc/copyright"
gzip -9nc "$src/debian/changelog" > "$out/doc/changelog.gz"
for page in "$src"/man/*.8; do
  gzip -9nc "$page" > "$out/man8/$(basename "$page").gz"
done
