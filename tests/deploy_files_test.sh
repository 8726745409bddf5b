#!/usr/bin/env bash
# The files of deploy/ are valid for the programs that read them: the systemd units (with the
# binary path pointed at this build's `balie`) for systemd-analyze, the HAProxy configuration for
# haproxy -c. tests/haproxy_test.cc runs the configuration for real.
set -euo pipefail
source_dir=$1
balie=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for unit in "$source_dir"/deploy/systemd/*.service; do
  name=$(basename "$unit")
  name=${name/@./@1.}  # a template is verified as one of its instances
  sed "s|/usr/local/bin/balie|$balie|" "$unit" >"$scratch/$name"
  if ! output=$(cd "$scratch" && systemd-analyze verify "$scratch/$name" 2>&1) || [[ -n $output ]]; then
    echo "deploy: $unit: ${output:-systemd-analyze verify failed}" >&2
    status=1
  fi
done
BALIE_LB_BIND=127.0.0.1:8000 BALIE_SERVER_1=127.0.0.1:8081 BALIE_SERVER_2=127.0.0.1:8082 \
  haproxy -c -q -f "$source_dir/deploy/haproxy.cfg" || { echo "deploy: haproxy.cfg is not valid" >&2; status=1; }
((status == 0)) && echo "deploy: $(ls "$source_dir"/deploy/systemd/*.service | wc -l) systemd units and haproxy.cfg are valid"
exit "$status"
