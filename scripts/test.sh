#!/usr/bin/env bash
# The whole test suite: everything a test needs is set up here, nothing by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify "$@"
