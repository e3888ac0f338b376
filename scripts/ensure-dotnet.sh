#!/usr/bin/env bash
# The .NET 10 SDK is part of this machine kind; say so plainly when it is missing rather than
# failing somewhere deep in a build.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  echo "tapyard: the .NET 10 SDK (dotnet) is not on PATH; install dotnet-sdk-10.0 first" >&2
  exit 1
fi
