// painpath's exported Questionnaire rendered by NLM's LHC-Forms (the `lforms` npm package) in
// headless Chromium (Debian's `chromium`, driven by puppeteer-core, which downloads no browser),
// answered by clicking as a person would, for a few cases of the case suite in each language.
//
// For each case chosen (in the first language the first case of each result and every case
// that says which options are offered; those last in the other languages), it loads `painpath --lang L export questionnaire --option-lists expression` into
// LHC-Forms, and answers the case's route one question at a time: it ticks the option's box or
// radio button, clicks Yes or No, types the score. After each answer it waits for the next
// question of painpath's route to show. When the walk is done it checks that the form shows
//   - exactly the questions painpath asked (its `export response` for the case);
//   - exactly one result, the case's, with exactly one rung (heading), the case's disposition;
//   - exactly the texts painpath shows for that result, and the labels and groups over them
//     ("What to avoid");
//   - for a question with options offered only after some answers, each option the case says
//     is offered, none it says is not, and the one it picks.
// A failure names the case and the language. Screenshots of a question and of a result go to
// OUTDIR (question-L.png, result-L.png).
//
// Usage: node tests/fhir/render.mjs PAINPATH CASES.json OUTDIR
// Needs /usr/bin/chromium (or CHROMIUM=path). As root with no network it runs Chromium with
// --no-sandbox and background networking off; the page is served from 127.0.0.1 only.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const RESULT = 'https://painpath.example/fhir/StructureDefinition/result';
const DISPOSITION = 'https://painpath.example/fhir/StructureDefinition/disposition';
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
// The longest any one step (a question showing, the form loading) may take.
const STEP_TIMEOUT_MS = Number(process.env.RENDER_STEP_TIMEOUT_MS ?? 20000);

const [painpath, casesFile, outDir] = process.argv.slice(2);
if (!painpath || !casesFile || !outDir) {
  console.error('usage: node render.mjs PAINPATH CASES.json OUTDIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const run = (args) =>
  execFileSync(painpath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const cases = JSON.parse(readFileSync(casesFile, 'utf8')).cases;

// LHC-Forms' built files, served with the page from 127.0.0.1.
const here = path.dirname(fileURLToPath(import.meta.url));
const lforms = path.join(here, 'node_modules', 'lforms', 'dist', 'lforms');
const page = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>painpath in LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css">
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js" type="module"></script>
<script src="/lforms/webcomponent/polyfills.js" type="module"></script>
<script src="/lforms/webcomponent/main.js" type="module"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js" defer></script>
</head><body><div id="form"></div></body></html>`;
const types = { '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
    return;
  }
  const file = path.join(lforms, path.normalize(url.pathname.replace(/^\/lforms\//, '')));
  if (url.pathname.startsWith('/lforms/') && file.startsWith(lforms + path.sep)) {
    try {
      if (statSync(file).isFile()) {
        response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
        response.end(readFileSync(file));
        return;
      }
    } catch {
      // not there: 404 below
    }
  }
  response.writeHead(404);
  response.end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    // Two tabs at once: neither may have its timers slowed as a tab in the background.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
  ],
});

let failures = 0;
const fail = (where, message) => {
  failures += 1;
  console.error(`FAIL ${where}: ${message}`);
};

// Which cases: in the first language every result once (its first case) and every case that
// says which options with a condition are offered; in the others, those last cases.
// Each language's export, made and parsed once: { text, json }.
const exported = new Map();
const questionnaireIn = (lang) => {
  if (!exported.has(lang)) {
    const text = run(['--lang', lang, 'export', 'questionnaire', '--option-lists', 'expression']);
    exported.set(lang, { text, json: JSON.parse(text) });
  }
  return exported.get(lang);
};
const first = JSON.parse(run(['export', 'questionnaire']));
const languages = [
  first.language,
  ...(first._title?.extension ?? [])
    .filter((e) => e.url === TRANSLATION)
    .map((e) => e.extension.find((p) => p.url === 'lang').valueCode),
];
const conditional = new Set(
  questionnaireIn(first.language)
    .json.item.filter((i) => (i.extension ?? []).some((e) => e.url.endsWith('sdc-questionnaire-answerExpression')))
    .map((i) => i.linkId),
);
const perOutcome = new Map();
for (const c of cases) if (!perOutcome.has(c.outcome)) perOutcome.set(c.outcome, c);
const offering = cases.filter((c) => (c.offered ?? []).length || (c.not_offered ?? []).length);
const chosen = [
  ...new Set([...perOutcome.values(), ...offering]),
].map((c) => ({ lang: languages[0], c }));
for (const lang of languages.slice(1)) chosen.push(...offering.map((c) => ({ lang, c })));

const answerArgs = (answers) =>
  Object.entries(answers).flatMap(([q, a]) => ['--answer', `${q}=${[a].flat().join(',')}`]);

// The ids LHC-Forms gives what it draws: `item-LINKID/1` for a top-level item,
// `item-LINKID/1/1` for an item in a group, one more `/1` a level deeper;
// `LINKID/1|SYSTEM|CODE` for an option's box.
const itemId = (linkId) => `item-${linkId}/1`;
const shownItems = () =>
  [...document.querySelectorAll('lhc-item[id^="item-"]')]
    .filter((e) => e.offsetParent !== null)
    .map((e) => e.id);
// The case each language's screenshots come from: its first chosen case whose result is
// neither an emergency nor for under-16s, so that the picture shows the lists a result has.
const pictured = new Map();
for (const { lang, c } of chosen) {
  if (!pictured.has(lang) && !/^(emergency|under_16)/.test(c.outcome)) pictured.set(lang, c);
}

const walk = async (where, lang, c) => {
  const response = JSON.parse(run(['--lang', lang, 'export', 'response', ...answerArgs(c.answers)]));
  const questionnaire = questionnaireIn(lang).json;
  const questionItems = new Map(questionnaire.item.filter((i) => i.type !== 'group').map((i) => [i.linkId, i]));
  const route = response.item.map((i) => i.linkId);
  const result = response.extension.find((e) => e.url === RESULT);
  const outcome = result.extension.find((p) => p.url === 'outcome').valueCoding.code;
  const rung = response.extension
    .find((e) => e.url === DISPOSITION)
    .extension.find((p) => p.url === 'disposition').valueCoding.code;
  const texts = result.extension.filter((p) => p.url === 'shown').map((p) => p.valueString);

  // A context of its own: its own renderer process, so two walks run side by side.
  const context = await browser.createBrowserContext();
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') errors.push(m.text());
  });
  try {
    await tab.setViewport({ width: 1000, height: 900 });
    await tab.goto(origin, { waitUntil: 'load' });
    await tab.waitForFunction(() => window.LForms?.Util?.addFormToPage && window.LForms.FHIR, {
      timeout: STEP_TIMEOUT_MS,
    });
    await tab.evaluate((q) => window.LForms.Util.addFormToPage(JSON.parse(q), 'form'), questionnaireIn(lang).text);
    const waitFor = async (what, id) => {
      try {
        await tab.waitForFunction((id) => document.getElementById(id)?.offsetParent != null, { timeout: STEP_TIMEOUT_MS }, id);
        return true;
      } catch {
        const shown = await tab.evaluate(shownItems);
        fail(where, `${what} never showed; the form shows [${shown.join(', ')}]`);
        return false;
      }
    };
    for (const [step, linkId] of route.entries()) {
      if (!(await waitFor(`question ${linkId} (step ${step + 1} of the route)`, itemId(linkId)))) return;
      const item = questionItems.get(linkId);
      const answer = c.answers[linkId];
      if (conditional.has(linkId)) {
        const shown = await tab.$$eval(`[id^="${linkId}/1|"]`, (boxes) => boxes.map((b) => b.id.split('|').pop()));
        for (const name of c.offered ?? []) {
          const [q, o] = name.split('.');
          if (q === linkId && !shown.includes(o)) fail(where, `option ${name} is offered, but the form does not show it (it shows ${shown.join(', ')})`);
        }
        for (const name of c.not_offered ?? []) {
          const [q, o] = name.split('.');
          if (q === linkId && shown.includes(o)) fail(where, `option ${name} is not offered, but the form shows it`);
        }
      }
      if (step === 1 && pictured.get(lang) === c) {
        await tab.screenshot({ path: path.join(outDir, `question-${lang}.png`), fullPage: true });
      }
      if (item.type === 'integer') {
        const input = await tab.$(`[id="${linkId}/1"]`);
        await input.click();
        await input.type(String(answer));
        await input.press('Tab');
      } else if (item.type === 'boolean') {
        const box = await tab.$(`[id="${linkId}/1${answer === 'yes' ? 'true' : 'false'}"]`);
        if (!box) {
          fail(where, `question ${linkId} shows no ${answer} button`);
          return;
        }
        await box.click();
      } else {
        for (const code of [answer].flat()) {
          const system = `https://painpath.example/fhir/CodeSystem/${questionnaire.url.split('/').pop()}/${linkId}`;
          const box = await tab.$(`[id="${linkId}/1|${system}|${code}"]`);
          if (!box) {
            fail(where, `question ${linkId} does not show the option ${code} the case picks`);
            return;
          }
          await box.click();
        }
      }
    }
    const group = itemId(`outcome.${outcome}`);
    if (!(await waitFor(`the result outcome.${outcome}`, group))) return;
    // Let every expression the last answer set off run to its end before reading the form.
    await tab.evaluate(async () => {
      const form = document.querySelector('wc-lhc-form').lhcFormData;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve));
        const running = form._expressionProcessor?._currentRunPromise;
        if (!running) break;
        await running;
      }
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    });
    const shown = new Set(await tab.evaluate(shownItems));
    // The result's own items, by what they hold: its rung (the disposition extension), its
    // texts (`.../text.NAME`, NAME as the response's result extension names it), the labels
    // over them and the groups holding some of them (as crosscheck.mjs expects them).
    const inside = [];
    const collect = (list, depth) => {
      for (const i of list ?? []) {
        inside.push({ ...i, depth });
        collect(i.item, depth + 1);
      }
    };
    collect(questionnaire.item.find((i) => i.linkId === `outcome.${outcome}`).item, 2);
    const drawnId = (i) => `item-${i.linkId}${'/1'.repeat(i.depth)}`;
    const isRung = (i) => (i.extension ?? []).some((e) => e.url === DISPOSITION);
    const rungItem = inside.find(
      (i) => isRung(i) && i.extension.find((e) => e.url === DISPOSITION).extension.find((p) => p.url === 'disposition').valueCoding.code === rung,
    );
    if (!rungItem) fail(where, `the result has no item for the rung ${rung}`);
    const textItems = texts.map((name) => {
      const item = inside.find((i) => i.linkId.endsWith(`/text.${name}`));
      if (!item) fail(where, `the Questionnaire has no item for the text ${name}`);
      return item;
    }).filter(Boolean);
    const textLinks = textItems.map((i) => i.linkId);
    const labels = new Set(
      inside.filter((i) => i.type === 'display' && !i.linkId.includes('/text.') && !isRung(i)).map((i) => i.linkId),
    );
    const expectedLabels = [...labels].flatMap((label) => {
      const variant = /\/rung\.[^/]+$/.exec(label);
      if (variant && labels.has(label.slice(0, variant.index))) return [];
      if (!textLinks.some((t) => t.startsWith(`${label}/`))) return [];
      const own = `${label}/rung.${rung}`;
      return [labels.has(own) ? own : label];
    });
    const groups = inside.filter((i) => i.type === 'group' && textLinks.some((t) => t.startsWith(`${i.linkId}/`)));
    const byLink = new Map(inside.map((i) => [i.linkId, i]));
    const expected = new Set([
      ...route.map(itemId),
      group,
      ...(rungItem ? [drawnId(rungItem)] : []),
      ...textItems.map(drawnId),
      ...expectedLabels.map((l) => drawnId(byLink.get(l))),
      ...groups.map(drawnId),
    ]);
    const missing = [...expected].filter((x) => !shown.has(x));
    const extra = [...shown].filter((x) => !expected.has(x));
    if (missing.length || extra.length) {
      fail(where, `the form shows the wrong items: missing [${missing.join(', ')}], not expected [${extra.join(', ')}]`);
    }
    // The result alone: the form's questions are in the question's picture. With
    // RENDER_PICTURES=all, every case's result too (result-L-NNN.png, NNN its place in
    // cases.toml), for reading them as the person would.
    const drawn = await tab.$(`[id="${group}"]`);
    if (pictured.get(lang) === c) {
      await drawn.screenshot({ path: path.join(outDir, `result-${lang}.png`) });
    }
    if (process.env.RENDER_PICTURES === 'all') {
      const place = String(cases.indexOf(c) + 1).padStart(3, '0');
      await drawn.screenshot({ path: path.join(outDir, `result-${lang}-${place}.png`) });
    }
    for (const e of errors) fail(where, `the page said: ${e}`);
  } finally {
    await context.close();
  }
};

const started = Date.now();
// RENDER_ONLY=TEXT walks only the chosen cases whose name holds TEXT (to look at one).
const only = process.env.RENDER_ONLY;
const walks = chosen.filter((x) => !only || x.c.name.includes(only));
// RENDER_JOBS tabs at once (each its own renderer process), 2 unless set.
let next = 0;
const worker = async () => {
  while (next < walks.length) {
    const { lang, c } = walks[next];
    next += 1;
    const where = `case "${c.name}" (${lang})`;
    try {
      await walk(where, lang, c);
    } catch (e) {
      fail(where, e.message);
    }
  }
};
await Promise.all(Array.from({ length: Number(process.env.RENDER_JOBS ?? 2) }, worker));
await browser.close();
server.close();
const version = JSON.parse(readFileSync(path.join(here, 'node_modules', 'lforms', 'package.json'))).version;
const byLanguage = languages.map((l) => `${walks.filter((x) => x.lang === l).length} in ${l}`).join(', ');
console.log(
  `LHC-Forms ${version}: ${walks.length} cases answered by clicking (${byLanguage}; every result, and ` +
    `every case that says which options are offered) in ${((Date.now() - started) / 1000).toFixed(0)} s, ` +
    `${failures} failure(s); screenshots in ${outDir}`,
);
process.exit(failures ? 1 : 0);
