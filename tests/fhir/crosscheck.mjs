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
//     case's `shows` among them and none of its `hides`, and exactly the labels over them
//     ("What to avoid": each when a text under it is, the rung's own label where it has one)
//     and the groups holding a list ("get help sooner if": each when an item in it is);
//   - each option with an `answerOptionsToggleExpression` is offered when the case says
//     `offered`, not when it says `not_offered`, and whenever the response picked it;
//   - every expression gives one boolean.
// Then it walks the Questionnaire at random (CROSSCHECK_WALKS walks, 100 unless set, from
// CROSSCHECK_SEED), driven by the enabled items alone, and checks painpath accepts each walk's
// answers as a route and agrees on all the above for it. With CROSSCHECK_SAVE=DIR each walk's
// response is saved there, for crosscheck.py to check with another engine.
// A failure names the case (or the walk and its answers), the language and the item. Exits 1
// on any failure.
//
// Usage: node tests/fhir/crosscheck.mjs PAINPATH CASES.json [QUESTIONS.toml]
//   CASES.json is cases.toml as JSON (validate.sh makes it with Python's tomllib).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';

const VARIABLE = 'http://hl7.org/fhir/StructureDefinition/variable';
const ENABLE_WHEN =
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression';
const TOGGLE =
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression';
const ANSWER_EXPRESSION =
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression';
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

// CROSSCHECK_OPTION_LISTS=expression checks the export made for renderers without the toggle.
const optionLists = process.env.CROSSCHECK_OPTION_LISTS ?? 'toggle';
const questionnaire = JSON.parse(run(['export', 'questionnaire', '--option-lists', optionLists]));
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
    const list = item.extension?.find((e) => e.url === ANSWER_EXPRESSION);
    items.push({
      linkId: item.linkId,
      type: item.type,
      parent,
      enable: enable && compile(enable.valueExpression.expression),
      toggles,
      list: list && compile(list.valueExpression.expression),
      disposition: rung?.extension.find((p) => p.url === 'disposition').valueCoding.code,
    });
    walk(item.item, item.linkId);
  }
};
walk(questionnaire.item, null);

// The labels over a result's lists ("What to avoid"): display items that are neither a rung
// nor a text. A label `LIST/rung.R` under the label `LIST` is that list's label for rung R.
const headingItems = items.filter(
  (i) => i.type === 'display' && !i.disposition && !i.linkId.includes('/text.'),
);
const headingIds = new Set(headingItems.map((h) => h.linkId));
const expectedHeadings = (shownTexts, rung) => {
  const expected = new Set();
  for (const h of headingItems) {
    const variant = /\/rung\.[^/]+$/.exec(h.linkId);
    if (variant && headingIds.has(h.linkId.slice(0, variant.index))) continue;
    if (!shownTexts.some((t) => t.startsWith(`${h.linkId}/`))) continue;
    const own = `${h.linkId}/rung.${rung}`;
    expected.add(headingIds.has(own) ? own : h.linkId);
  }
  return expected;
};

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

// Every expression of the Questionnaire evaluated on one response: the variables, then each
// item's enablement (only the top-level items when `top`); the enabled linkIds, and each
// toggled option's state (`question.option`).
const evaluate = (where, response, top = false) => {
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
    if (top && item.parent) continue;
    if (item.enable && boolean(`item ${item.linkId}`, item.enable)) {
      enabled.add(item.linkId);
      if (item.parent && !enabled.has(item.parent)) {
        fail(where, `item ${item.linkId} is enabled but its group ${item.parent} is not`);
      }
    }
  }
  // `question.option` -> whether it is offered, for the options a toggle or a list names;
  // `lists`: question -> the codes its answerExpression gives.
  const offered = new Map();
  const lists = new Map();
  for (const item of items) {
    for (const t of item.toggles) {
      const on = boolean(`options ${t.options.join(', ')} of ${item.linkId}`, t.run);
      for (const o of t.options) offered.set(`${item.linkId}.${o}`, on);
    }
    if (item.list && enabled.has(item.linkId)) {
      try {
        lists.set(item.linkId, item.list(response, env).map((coding) => coding.code));
      } catch (e) {
        fail(where, `the answer list of ${item.linkId}: ${e.message}`);
      }
    }
  }
  const isOffered = (name) => {
    const dot = name.lastIndexOf('.');
    const list = lists.get(name.slice(0, dot));
    return list ? list.includes(name.slice(dot + 1)) : offered.get(name);
  };
  return { enabled, isOffered, lists };
};

// Checks a response painpath made against what the Questionnaire's expressions enable, and
// against the case's expectations `c` (outcome, disposition, shows, hides, offered,
// not_offered: each optional).
const check = (where, response, c) => {
  const { enabled, isOffered } = evaluate(where, response);

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
  const outcome = c.outcome ?? reached;
  if (reached !== outcome) fail(where, `painpath's response reached ${reached}, the case ${outcome}`);
  const groupIds = items
    .filter((i) => !i.parent && i.type === 'group' && enabled.has(i.linkId))
    .map((i) => i.linkId);
  if (groupIds.length !== 1 || groupIds[0] !== `outcome.${outcome}`) {
    fail(where, `enabled results [${groupIds.join(', ')}], expected [outcome.${outcome}]`);
  }

  // The rung: the case's disposition, and the response's.
  const responseRung = response.extension
    .find((e) => e.url === DISPOSITION)
    .extension.find((p) => p.url === 'disposition').valueCoding.code;
  const rungs = items.filter((i) => i.disposition && enabled.has(i.linkId));
  const expected = c.disposition ?? responseRung;
  if (rungs.length !== 1 || rungs[0].disposition !== expected || expected !== responseRung) {
    fail(
      where,
      `enabled rungs [${rungs.map((i) => i.linkId).join(', ')}], expected ${expected} ` +
        `(painpath's response: ${responseRung})`,
    );
  }

  // The texts: exactly those painpath showed.
  const shown = new Set(result.extension.filter((p) => p.url === 'shown').map((p) => p.valueString));
  const textItems = items.filter((i) => i.type === 'display' && i.linkId.includes('/text.'));
  const texts = new Set(
    textItems
      .filter((i) => enabled.has(i.linkId))
      .map((i) => i.linkId.slice(i.linkId.lastIndexOf('/text.') + '/text.'.length)),
  );
  const textDiff = setsDiffer(texts, shown);
  if (textDiff) fail(where, `enabled texts are not those painpath shows: ${textDiff}`);

  // A list in a group of its own ("get help sooner if"): the group exactly when an item in it.
  for (const g of items.filter((i) => i.type === 'group' && i.parent)) {
    const some = items.some((i) => i.parent === g.linkId && enabled.has(i.linkId));
    if (enabled.has(g.linkId) !== some) {
      fail(where, `group ${g.linkId} is ${enabled.has(g.linkId) ? '' : 'not '}enabled, but ${some ? 'an' : 'no'} item in it is`);
    }
  }

  // The labels over the lists: each exactly when a text under it is enabled; where a list has
  // a label of its own for some rungs (`LIST/rung.R`), that one when the result ends on R.
  const headingDiff = setsDiffer(
    new Set(headingItems.filter((h) => enabled.has(h.linkId)).map((h) => h.linkId)),
    expectedHeadings(textItems.filter((i) => enabled.has(i.linkId)).map((i) => i.linkId), responseRung),
  );
  if (headingDiff) fail(where, `enabled labels are not those over the texts shown: ${headingDiff}`);
  for (const name of c.shows ?? []) {
    if (!texts.has(name)) fail(where, `shows ${name}, but its item is not enabled`);
  }
  for (const name of c.hides ?? []) {
    if (texts.has(name)) fail(where, `hides ${name}, but its item is enabled`);
  }

  // The options with a condition.
  const picked = response.item.flatMap((i) =>
    i.answer.filter((a) => a.valueCoding).map((a) => `${i.linkId}.${a.valueCoding.code}`),
  );
  for (const name of [...(c.offered ?? []), ...picked]) {
    if (isOffered(name) === false) fail(where, `option ${name} is offered, but the Questionnaire does not offer it`);
  }
  for (const name of c.not_offered ?? []) {
    if (isOffered(name) !== false) fail(where, `option ${name} is not offered, but the Questionnaire does not say so`);
  }
};

const exportResponse = (where, lang, answers) => {
  try {
    return JSON.parse(run(['--lang', lang, 'export', 'response', ...answerArgs(answers)]));
  } catch (e) {
    fail(where, `painpath export response refused the answers: ${(e.stderr || e.message).trim()}`);
    return null;
  }
};

let checked = 0;
for (const lang of languages) {
  for (const c of cases) {
    const where = `case "${c.name}" (${lang})`;
    const response = exportResponse(where, lang, c.answers);
    if (!response) continue;
    check(where, response, c);
    checked += 1;
  }
}

// Random walks driven by the Questionnaire alone: at each step the one enabled question not
// yet answered gets a random answer among the options its toggles offer, until a result is
// enabled. painpath must then accept those answers as a whole route (it refuses answers off
// its route and a route that reaches no result) and agree on everything as for a case. These
// reach routes and texts no case names (a none-of on a question the route skipped, say).
const walks = Number(process.env.CROSSCHECK_WALKS ?? 100);
let seed = Number(process.env.CROSSCHECK_SEED ?? 20261205) >>> 0;
const random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const questionItems = new Map(
  questionnaire.item.filter((i) => i.type !== 'group').map((i) => [i.linkId, i]),
);
const answerOf = (item, isOffered, lists) => {
  if (item.type === 'boolean') return random() < 0.5 ? 'yes' : 'no';
  if (item.type === 'integer') return Math.floor(random() * 11);
  const options = (
    lists.has(item.linkId)
      ? lists.get(item.linkId).map((code) => ({ code, exclusive: false }))
      : item.answerOption.map((o) => ({ code: o.valueCoding.code, exclusive: (o.extension ?? []).length > 0 }))
  ).filter((o) => isOffered(`${item.linkId}.${o.code}`) !== false);
  if (!item.repeats) return pick(options).code;
  const exclusive = options.filter((o) => o.exclusive);
  if (exclusive.length && random() < 0.5) return [pick(exclusive).code];
  const others = options.filter((o) => !o.exclusive);
  const chosen = new Set([pick(others).code]);
  while (random() < 0.4) chosen.add(pick(others).code);
  return others.map((o) => o.code).filter((code) => chosen.has(code));
};
const asResponseAnswer = (item, answer) => {
  if (item.type === 'boolean') return [{ valueBoolean: answer === 'yes' }];
  if (item.type === 'integer') return [{ valueInteger: answer }];
  return [answer].flat().map((code) => ({ valueCoding: { code } }));
};
let walked = 0;
const save = process.env.CROSSCHECK_SAVE;
if (save) mkdirSync(save, { recursive: true });
const reachedByWalks = new Set();
for (let w = 1; w <= walks; w += 1) {
  const answers = {};
  const partial = { resourceType: 'QuestionnaireResponse', status: 'in-progress', item: [] };
  let where = `random walk ${w} (seed ${process.env.CROSSCHECK_SEED ?? 20261205})`;
  let finished = false;
  for (let step = 0; step < questionItems.size + 1 && !finished; step += 1) {
    const { enabled, isOffered, lists } = evaluate(where, partial, true);
    if (items.some((i) => i.type === 'group' && !i.parent && enabled.has(i.linkId))) {
      finished = true;
      break;
    }
    const next = [...questionItems.keys()].filter((id) => enabled.has(id) && !(id in answers));
    if (next.length !== 1) {
      fail(where, `after ${JSON.stringify(answers)}: enabled unanswered questions [${next.join(', ')}], not one`);
      break;
    }
    const item = questionItems.get(next[0]);
    answers[item.linkId] = answerOf(item, isOffered, lists);
    partial.item.push({ linkId: item.linkId, answer: asResponseAnswer(item, answers[item.linkId]) });
  }
  if (!finished) continue;
  for (const lang of languages) {
    const at = `${where} (${lang}), answers ${JSON.stringify(answers)}`;
    const response = exportResponse(at, lang, answers);
    if (!response) continue;
    check(at, response, {});
    if (save) writeFileSync(`${save}/walk-${String(w).padStart(4, '0')}-${lang}.json`, JSON.stringify(response));
    walked += 1;
    reachedByWalks.add(response.extension.find((e) => e.url === RESULT).extension[0].valueCoding.code);
  }
}

console.log(
  `fhirpath.js (option lists: ${optionLists}): ${checked} of ${cases.length * languages.length} case runs ` +
    `(${cases.length} cases x ${languages.join(', ')}) and ${walked} random-walk runs ` +
    `(${walks} walks x ${languages.length}, reaching ${reachedByWalks.size} of ` +
    `${questionnaire.item.filter((i) => i.type === 'group').length} results) checked, ` +
    `${failures} failure(s)`,
);
process.exit(failures ? 1 : 0);
