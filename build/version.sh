#!/usr/bin/env bash
# The version a build carries: the tag on HEAD without its "v" (v0.3.0 ->
# 0.3.0), else 0.0.0-<commit>. `postplan version`, the About box, the
# installer and the package all get it from here (make's VERSION).
set -euo pipefail
cd "${1:-.}"
if tag=$(git describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null); then
  echo "${tag#v}"
elif commit=$(git rev-parse --short HEAD 2>/dev/null); then
  echo "0.0.0-$commit"
else
  echo "0.0.0-unknown"
fi
