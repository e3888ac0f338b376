#!/usr/bin/env bash
# Runs every test: fast unit tests first, then the kernel tests (namespaces, devices, real frames).
# Installs the Debian packages it needs, builds once, and ends with one line totalled over every
# test project: "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "$(id -u)" -ne 0 ]; then
  echo "tapyard test: kernel tests create namespaces and devices; run as root" >&2
fi
scripts/ensure-dotnet.sh || exit 1
scripts/ensure-packages.sh || exit 1

echo "== build"
if ! dotnet build Tapyard.slnx -c Release -nologo -v q; then
  echo "0 passed, 1 failed"
  exit 1
fi

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
projects=$(find tests -name '*.Tests.csproj' | sort)
status=0
run() { # phase filter
  local phase=$1 filter=$2
  for project in $projects; do
    local name
    name=$(basename "$project" .csproj)
    echo "== $phase: $name"
    dotnet test "$project" -c Release --no-build --nologo --filter "$filter" \
      --logger "trx;LogFileName=$name-$phase.trx" --results-directory "$results" \
      --logger "console;verbosity=normal" || status=1
  done
}
run unit "Category!=Kernel"
run kernel "Category=Kernel"

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout)
  p=${p:-0}; f=$(( ${f:-0} + ${e:-0} + ${t:-0} ))
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${total:-0} - p - f))
done
[ "$failed" -gt 0 ] && status=1
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
