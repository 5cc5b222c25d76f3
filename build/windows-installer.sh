#!/usr/bin/env bash
# Builds the Windows installer with Wails and NSIS (makensis) into OUT:
#   build/windows-installer.sh WAILS VERSION OUT
# Wails takes the version of the .exe's resources from wails.json, so the
# build runs in a copy of the project's files with that version written in;
# the working tree is not touched. The frontend must be built already.
set -euo pipefail
wails=$(realpath "$1") version=$2 out=$(realpath "$3")
numeric=${version%%-*}
work=$(mktemp -d "$PWD/build/.windows-XXXXXX")
trap 'rm -rf "$work"' EXIT
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work"
cp -r frontend/dist/. "$work/frontend/dist/"
ln -s "$PWD/frontend/node_modules" "$work/frontend/node_modules"
sed -i "s/\"productVersion\": \"[^\"]*\"/\"productVersion\": \"$numeric\"/" "$work/wails.json"
printf '!define POSTPLAN_VERSION "%s"\n!define POSTPLAN_NUMERIC "%s"\n' "$version" "$numeric" > "$work/build/windows/installer/version.nsh"
(cd "$work" && "$wails" build -platform windows/amd64 -nsis -s -skipbindings -trimpath \
  -ldflags "-X main.version=$version" -o postplan.exe >"$work/wails.log" 2>&1) || { cat "$work/wails.log"; exit 1; }
cp "$work/build/bin/postplan-amd64-installer.exe" "$out/postplan-$version-windows-amd64-installer.exe"
