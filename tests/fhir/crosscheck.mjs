// The FHIR cross-check: painpath's exported Questionnaire walked by fhirpath.js (the HL7
// FHIRPath engine in JavaScript), not by painpath, for every case of the case suite in every
// language the export carries.
//
// For each case and language it asks painpath for the case's QuestionnaireResponse
// (`painpath --lang L export response --answer ...`), evaluates the Questionnaire's root
// `variable` extensions in order and every item's `enableWhenExpression` against it
// (%resource = the response, the variables as the environment), and checks that
//   - exactly the questions the response answers (the walk's route) are enabled;
//   - exactly one result group is enabled: the case's outcome (and the response's);
//   - in it exactly one rung is enabled: the case's disposition (and the response's);
//   - exactly the texts painpath showed (the response's result extension) are enabled, the
//     case's `shows` among them and none of its `hides`;
//   - each option with an `answerOptionsToggleExpression` is offered when the case says
//     `offered`, not when it says `not_offered`, and whenever the response picked it;
//   - every expression gives one boolean.
// A failure names the case, the language and the item. Exits 1 on any failure.
//
// Usage: node tests/fhir/crosscheck.mjs PAINPATH CASES.json [QUESTIONS.toml]
//   CASES.json is cases.toml as JSON (validate.sh makes it with Python's tomllib).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';

const VARIABLE = 'http://hl7.org/fhir/StructureDefinition/variable';
const ENABLE_WHEN =
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression';
const TOGGLE =
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression';
const DISPOSITION = 'https://painpath.example/fhir/StructureDefinition/disposition';
const RESULT = 'https://painpath.example/fhir/StructureDefinition/result';
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

const [painpath, casesFile, questions] = process.argv.slice(2);
if (!painpath || !casesFile) {
  console.error('usage: node crosscheck.mjs PAINPATH CASES.json [QUESTIONS.toml]');
  process.exit(2);
}
const questionsArgs = questions ? ['--questions', questions] : [];
const run = (args) => execFileSync(painpath, [...questionsArgs, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

const questionnaire = JSON.parse(run(['export', 'questionnaire']));
const cases = JSON.parse(readFileSync(casesFile, 'utf8')).cases;
const languages = [
  questionnaire.language,
  ...(questionnaire._title?.extension ?? [])
    .filter((e) => e.url === TRANSLATION)
    .map((e) => e.extension.find((p) => p.url === 'lang').valueCode),
];

// Compiled once: the variables in order, then every item with an expression.
const compile = (expression) => fhirpath.compile(expression, r4);
const variables = questionnaire.extension
  .filter((e) => e.url === VARIABLE)
  .map((e) => ({
    name: e.valueExpression.name,
    expression: e.valueExpression.expression,
    run: compile(e.valueExpression.expression),
  }));
const items = [];
const walk = (list, parent) => {
  for (const item of list ?? []) {
    const enable = item.extension?.find((e) => e.url === ENABLE_WHEN);
    const toggles = (item.extension ?? [])
      .filter((e) => e.url === TOGGLE)
      .map((e) => ({
        options: e.extension.filter((p) => p.url === 'option').map((p) => p.valueCoding.code),
        run: compile(e.extension.find((p) => p.url === 'expression').valueExpression.expression),
      }));
    const rung = item.extension?.find((e) => e.url === DISPOSITION);
    items.push({
      linkId: item.linkId,
      type: item.type,
      parent,
      enable: enable && compile(enable.valueExpression.expression),
      toggles,
      disposition: rung?.extension.find((p) => p.url === 'disposition').valueCoding.code,
    });
    walk(item.item, item.linkId);
  }
};
walk(questionnaire.item, null);

let failures = 0;
const fail = (where, message) => {
  failures += 1;
  console.error(`FAIL ${where}: ${message}`);
};
const setsDiffer = (a, b) => {
  const missing = [...b].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !b.has(x));
  return missing.length || extra.length
    ? `missing [${missing.join(', ')}], not expected [${extra.join(', ')}]`
    : null;
};

const answerArgs = (answers) =>
  Object.entries(answers).flatMap(([q, a]) => [
    '--answer',
    `${q}=${Array.isArray(a) ? a.join(',') : String(a)}`,
  ]);

let checked = 0;
for (const lang of languages) {
  for (const c of cases) {
    const where = `case "${c.name}" (${lang})`;
    let response;
    try {
      response = JSON.parse(run(['--lang', lang, 'export', 'response', ...answerArgs(c.answers)]));
    } catch (e) {
      fail(where, `painpath export response failed: ${e.message}`);
      continue;
    }
    const env = { resource: response, questionnaire };
    // One boolean, or the failure said once and false.
    const boolean = (what, fn) => {
      let value;
      try {
        value = fn(response, env);
      } catch (e) {
        fail(where, `${what}: ${e.message}`);
        return false;
      }
      if (value.length !== 1 || typeof value[0] !== 'boolean') {
        fail(where, `${what} gave ${JSON.stringify(value)}, not one boolean`);
        return false;
      }
      return value[0];
    };
    for (const v of variables) {
      try {
        env[v.name] = v.run(response, env);
      } catch (e) {
        fail(where, `variable ${v.name}: ${e.message}`);
      }
    }
    const enabled = new Set();
    for (const item of items) {
      if (item.enable && boolean(`item ${item.linkId}`, item.enable)) {
        enabled.add(item.linkId);
        if (item.parent && !enabled.has(item.parent)) {
          fail(where, `item ${item.linkId} is enabled but its group ${item.parent} is not`);
        }
      }
    }

    // The questions: exactly the route.
    const route = new Set(response.item.map((i) => i.linkId));
    const asked = new Set(
      items.filter((i) => !i.parent && i.type !== 'group' && enabled.has(i.linkId)).map((i) => i.linkId),
    );
    const routeDiff = setsDiffer(asked, route);
    if (routeDiff) fail(where, `enabled questions are not the route: ${routeDiff}`);

    // The result: the case's outcome, and the response's.
    const result = response.extension.find((e) => e.url === RESULT);
    const reached = result.extension.find((p) => p.url === 'outcome').valueCoding.code;
    if (reached !== c.outcome) fail(where, `painpath's response reached ${reached}, the case ${c.outcome}`);
    const groups = items.filter((i) => !i.parent && i.type === 'group' && enabled.has(i.linkId));
    const groupIds = groups.map((i) => i.linkId);
    if (groupIds.length !== 1 || groupIds[0] !== `outcome.${c.outcome}`) {
      fail(where, `enabled results [${groupIds.join(', ')}], expected [outcome.${c.outcome}]`);
    }

    // The rung: the case's disposition, and the response's.
    const responseRung = response.extension
      .find((e) => e.url === DISPOSITION)
      .extension.find((p) => p.url === 'disposition').valueCoding.code;
    const rungs = items.filter((i) => i.disposition && enabled.has(i.linkId));
    const rungIds = rungs.map((i) => i.disposition);
    const expected = c.disposition ?? responseRung;
    if (rungIds.length !== 1 || rungIds[0] !== expected || expected !== responseRung) {
      fail(
        where,
        `enabled rungs [${rungs.map((i) => i.linkId).join(', ')}], expected ${expected} ` +
          `(painpath's response: ${responseRung})`,
      );
    }

    // The texts: exactly those painpath showed.
    const shown = new Set(result.extension.filter((p) => p.url === 'shown').map((p) => p.valueString));
    const texts = new Set(
      items
        .filter((i) => i.type === 'display' && !i.disposition && enabled.has(i.linkId))
        .map((i) => i.linkId.slice(i.linkId.lastIndexOf('/text.') + '/text.'.length)),
    );
    const textDiff = setsDiffer(texts, shown);
    if (textDiff) fail(where, `enabled texts are not those painpath shows: ${textDiff}`);
    for (const name of c.shows ?? []) {
      if (!texts.has(name)) fail(where, `shows ${name}, but its item is not enabled`);
    }
    for (const name of c.hides ?? []) {
      if (texts.has(name)) fail(where, `hides ${name}, but its item is enabled`);
    }

    // The options with a condition.
    const picked = new Set(
      response.item.flatMap((i) =>
        i.answer.filter((a) => a.valueCoding).map((a) => `${i.linkId}.${a.valueCoding.code}`),
      ),
    );
    const offered = new Map();
    for (const item of items) {
      for (const t of item.toggles) {
        const on = boolean(`options ${t.options.join(', ')} of ${item.linkId}`, t.run);
        for (const o of t.options) offered.set(`${item.linkId}.${o}`, on);
      }
    }
    for (const name of [...(c.offered ?? []), ...picked]) {
      if (offered.get(name) === false) fail(where, `option ${name} is offered, but its toggle is false`);
    }
    for (const name of c.not_offered ?? []) {
      if (offered.get(name) !== false) fail(where, `option ${name} is not offered, but its toggle is not false`);
    }
    checked += 1;
  }
}

console.log(
  `fhirpath.js: ${checked} of ${cases.length * languages.length} case runs checked ` +
    `(${cases.length} cases x ${languages.join(', ')}), ${failures} failure(s)`,
);
process.exit(failures ? 1 : 0);
