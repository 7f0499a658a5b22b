#!/usr/bin/env bash
# Runs the item-onboarding sample headless on both of its inputs and shows where the outputs and
# the run history are. The sample data contains bad rows on purpose, so a run ends
# COMPLETED_WITH_ERRORS, or WAITING while hazardous items wait for a compliance approval; with
# dead letters, either exits with code 2, which this script treats as success.
set -uo pipefail
cd "$(dirname "$0")/.."
sample=samples/item-onboarding

run() {
  node bin/flowmason.js run "$sample/item-onboarding.flow.json" "$@"
  local code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
    exit "$code"
  fi
  echo
}

echo "== Shopify-layout export: $sample/data/shopify-products.csv"
run
echo "== ERP export (semicolons, Windows-1252, decimal commas): $sample/data/erp-items.csv"
run --params-file "$sample/erp-layout.params.json"

echo "outputs:"
find "$sample/out" -type f | sort | sed 's/^/  /'
echo
echo "Each exceptions.jsonl line names the source line and the rules a row broke."
echo "Dead letters (rows a node could not process) are listed by: npx flowmason dead-letters"
echo "Hazardous items wait for approval: npx flowmason approvals, then npx flowmason approve ID"
echo "or npx flowmason reject ID --comment TEXT"
