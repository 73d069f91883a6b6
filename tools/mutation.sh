#!/usr/bin/env bash
# Mutation testing (issue 21): Stryker on the numerical cores, one module after another. Slow (tens of minutes per
# module on a shared 2-core VM); never in CI. Stryker runs in place (it rewrites the source files while it runs and
# restores them at the end), so run it in a clone of the repository that nobody else is editing.
#
#   pnpm mutation                      # every module below, in this order
#   pnpm mutation electrostatics-ewald # one or more modules by name
#   pnpm mutation --list               # the module names
#
# Each module is packages/<package>/stryker/<name>.json (with <name>.vitest.ts beside it naming the tests it runs);
# the JSON report goes to node_modules/.cache/mutation/<package>-<name>.json. Scores are recorded in
# docs/BENCHMARKS.md ("Mutation testing").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
modules=(
  electrostatics-ewald
  electrostatics-ewald-loops
  md-potentials
  io-readers
  io-extxyz
  io-pdb
  io-cif
  tensor-tucker
  tensor-chebtucker
  so3-tensor-product
  so3-spherical-harmonics
  md-integrators
  md-eam
  md-sw
  md-ionic
  electrostatics-rs
)
if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${modules[@]}"
  exit 0
fi
selected=("$@")
if [[ ${#selected[@]} -eq 0 ]]; then selected=("${modules[@]}"); fi
for module in "${selected[@]}"; do
  package="${module%%-*}"
  name="${module#*-}"
  config="packages/$package/stryker/$name.json"
  if [[ "$package" == "$module" || ! -f "$root/$config" ]]; then
    echo "mutation: unknown module '$module' (no $config); known: ${modules[*]}" >&2
    exit 2
  fi
  echo "== mutation: $module ($config)"
  (cd "$root/packages/$package" && "$root/node_modules/.bin/stryker" run "stryker/$name.json")
done
