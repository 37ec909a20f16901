#!/usr/bin/env bash
# The main job on a fresh machine: a simulated three-node cluster (the real engine under deterministic
# simulation) protects app -> {ip, fs}, its node crashes, the hierarchy fails over; the embedded journal it
# wrote is printed as history, the failover explained (`why`), its hash chain verified and its replay checked
# decision by decision.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Hosts/Vigil.Cli -c Release -nologo -clp:ErrorsOnly -v quiet
vigil="Hosts/Vigil.Cli/bin/Release/net10.0/vigil"
journal="${1:-$root/.lab/demo-journal}"
rm -rf "$journal"
echo "== vigil simulate failover"; "$vigil" simulate failover --nodes 3 --journal "$journal"
echo; echo "== vigil history --resource web-app"; "$vigil" history --journal "$journal" --resource web-app
echo; echo "== vigil why web-app"; "$vigil" why web-app --journal "$journal"
echo; echo "== vigil journal verify"; "$vigil" journal verify --journal "$journal"
echo; echo "== vigil replay --verify"; "$vigil" replay --journal "$journal" --verify
