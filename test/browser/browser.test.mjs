// SPDX-License-Identifier: Apache-2.0
// Browser tests of the portal in real Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), with axe-core checking WCAG 2.1 A/AA on every page type, public and staff
// (the staff pages staff.test.mjs does not walk through, and the staff's preview of the public
// site with drafts). The server is started by test/browser/run.sh, which passes its address in
// BASE_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = process.env.BASE_URL.replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let context, profile;

before(async () => {
  profile = await mkdtemp(path.join(tmpdir(), 'shinchoku-chromium-'));
  // a fresh profile directory (Playwright passes it as --user-data-dir)
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    bypassCSP: true, // axe-core is injected as an inline script
    locale: 'ja-JP',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

// Every page's axe result, written to $AXE_RESULTS (JSON) at the end when it is set:
// tools/embed-a11y.sh turns it into the accessibility page's 試験結果 (/accessibility).
const results = [];
after(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  if (process.env.AXE_RESULTS) {
    const axeVersion = JSON.parse(await readFile(require.resolve('axe-core/package.json'), 'utf8')).version;
    await writeFile(process.env.AXE_RESULTS, JSON.stringify({
      tool: `axe-core ${axeVersion}`, browser: 'Chromium (Debian)', tags: 'wcag2a, wcag2aa, wcag21a, wcag21aa',
      tested: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), pages: results,
    }, null, 1) + '\n');
  }
});

async function newPage() {
  const page = await context.newPage();
  // No page may ask any other server for anything.
  page.outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) page.outside.push(r.url()); });
  return page;
}

async function axeRun(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return {
      violations: r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`),
      passes: r.passes.length, incomplete: r.incomplete.length,
    };
  });
}

// axe's violations on page; recorded under name and url for the accessibility page.
async function axe(page, name, url) {
  const r = await axeRun(page);
  if (name) results.push({ name, url, violations: r.violations.length, passes: r.passes, incomplete: r.incomplete });
  return r.violations;
}

// Every page type, the markup plan included, and the error pages.
const PAGES = [
  ['home', '/'],
  ['dashboard', '/plan/kagoshima-dx'],
  ['dashboard (another policy)', '/plan/shibata-dx?year=2023'],
  ['node: basic policy', '/plan/kagoshima-dx/node/BP1'],
  ['node: initiative', '/plan/kagoshima-dx/node/I1?year=2023'],
  ['node: cross-listed', '/plan/kashima-action/node/C2-1'],
  ['roadmap', '/plan/kagoshima-dx/roadmap?year=2024'],
  ['departments', '/plan/kashima-action/departments'],
  ['department', '/plan/kashima-action/department?name=DX%E6%8E%A8%E9%80%B2%E5%AE%A4'],
  ['downloads', '/plan/kagoshima-dx/downloads'],
  ['compare', '/compare?kpi=CONVENI-RATE&year=2023'],
  ['search', '/search?q=%E3%82%B7%E3%82%B9%E3%83%86%E3%83%A0'],
  ['search, several words', '/search?q=ict%20%E4%BA%BA%E6%9D%90'],
  ['node: measure', '/plan/kagoshima-dx/node/M1?year=2023'],
  ['accessibility', '/accessibility'],
  ['markup plan dashboard', '/plan/markup-city'],
  ['markup plan initiative', '/plan/markup-city/node/A1?year=2024'],
  ['404 page', '/no/such/page'],
  ['400 page', '/plan/kagoshima-dx?year=abc'],
  ['node: history across plans', '/plan/kagoshima-next/node/C1'],
  ['node: indicator with a long unit', '/plan/dx-measures/node/M4'],
  ['initiatives', '/plan/kagoshima-dx/initiatives?year=2023'],
  ['initiatives filtered', '/plan/kagoshima-dx/initiatives?year=2023&grade=%E2%97%8E'],
  ['downloads with meetings', '/plan/kagoshima-4th/downloads'],
  ['dashboard kagoshima-4th', '/plan/kagoshima-4th?year=2020'],
  ['search, nothing found', '/search?q=zzzznothing'],
];

// The staff pages staff.test.mjs does not walk through, and the staff's preview of the public
// site, signed in as the secretariat (test/browser/run.sh made the account): GETs only, so
// that staff.test.mjs finds the store as run.sh left it.
const STAFF_PAGES = [
  ['staff: reporting periods', '/staff/periods'],
  ['staff: accounts', '/staff/users'],
  ['staff: evaluation policy', '/staff/policy/kagoshima-dx'],
  ['staff: own password', '/staff/password'],
  ['staff: own sessions', '/staff/sessions'],
  ['staff: departments that have not submitted', '/staff/missing/kagoshima-dx?year=2024'],
  ['staff: own history', '/staff/history/user/jimu'],
  ['staff: 403 page', '/staff/entry/kagoshima-dx?year=2024&dept=nobody'],
  ['staff preview: home', '/staff/preview/'],
  ['staff preview: dashboard', '/staff/preview/plan/kagoshima-dx'],
  ['staff preview: initiative', '/staff/preview/plan/kagoshima-dx/node/I1?year=2023'],
  ['staff preview: roadmap', '/staff/preview/plan/kagoshima-dx/roadmap?year=2024'],
  ['staff preview: search', '/staff/preview/search?q=ICT'],
  ['staff preview: 404 page', '/staff/preview/no/such/page'],
];

for (const [name, url] of PAGES) {
  test(`axe: no WCAG 2.1 A/AA violations on ${name}`, async () => {
    const page = await newPage();
    await page.goto(BASE + url);
    assert.deepEqual(await axe(page, name, url), []);
    assert.deepEqual(page.outside, [], 'no request leaves the site');
    await page.close();
  });
}

let signedIn = false;
for (const [name, url] of STAFF_PAGES) {
  test(`axe: no WCAG 2.1 A/AA violations on ${name}`, async () => {
    const page = await newPage();
    if (!signedIn) {
      await page.goto(BASE + '/staff/login');
      await page.getByLabel('ログイン名').fill('jimu');
      await page.getByLabel('パスワード').fill(process.env.STAFF_PASSWORD);
      await Promise.all([page.waitForURL(/\/staff\/$/), page.getByRole('button', { name: 'ログイン' }).click()]);
      signedIn = true;
    }
    await page.goto(BASE + url);
    assert.ok(new URL(page.url()).pathname.startsWith('/staff/') && !page.url().includes('/staff/login'), page.url());
    if (url.startsWith('/staff/preview/')) {
      assert.ok((await page.locator('.preview-banner').textContent()).includes('下書きを含むプレビュー（未公開）'));
    }
    assert.deepEqual(await axe(page, name, url), []);
    assert.deepEqual(page.outside, [], 'no request leaves the site');
    await page.close();
  });
}

// The committee reports (shinchoku report --format html), as the site offers them for
// download: each kind is fetched and rendered as the document it is, then audited.
const REPORTS = [
  ['summary', 'kagoshima-4th'], ['status', 'kagoshima-4th'], ['issues', 'kagoshima-4th'],
  ['department', 'kashima-action'], ['roadmap', 'dx-measures'], ['policy', 'kagoshima-dx'],
  ['status', 'markup-city'],
];
for (const [kind, plan] of REPORTS) {
  test(`axe: no WCAG 2.1 A/AA violations in the ${kind} report of ${plan}`, async () => {
    const page = await newPage();
    const resp = await page.request.get(`${BASE}/plan/${plan}/report/${kind}.html`);
    assert.equal(resp.status(), 200);
    await page.setContent(await resp.text());
    assert.deepEqual(await axe(page, `${kind} report of ${plan}`, `/plan/${plan}/report/${kind}.html`), []);
    assert.deepEqual(page.outside, [], 'a report asks no server for anything');
    await page.close();
  });
}

test('from the home page to an initiative by clicking, with breadcrumbs back', async () => {
  const page = await newPage();
  await page.goto(BASE + '/');
  await page.getByRole('link', { name: /鹿児島市デジタル・トランスフォーメーション/ }).click();
  await page.waitForURL(/\/plan\/kagoshima-dx$/);
  // drill down: basic policy -> measure -> initiative, always following the first link
  await page.locator('.cards .card h3 a').first().click();
  await page.waitForURL(/\/node\/BP1/);
  await page.locator('main table tbody tr td a').first().click();
  await page.locator('main table tbody tr td a').first().click();
  await assert.doesNotReject(page.getByRole('heading', { name: '指標', level: 2 }).waitFor());
  const crumbs = await page.locator('nav.crumbs li').allTextContents();
  assert.equal(crumbs[0], 'ホーム');
  assert.ok(crumbs.length >= 5, `breadcrumbs home > plan > policy > measure > initiative: ${crumbs}`);
  await page.getByRole('heading', { name: /この判定の理由/ }).first().waitFor();
  await page.close();
});

test('switching the fiscal year keeps it in the URL and in the links', async () => {
  const page = await newPage();
  await page.goto(BASE + '/plan/kagoshima-dx/node/I1');
  await page.getByLabel('表示する年度').selectOption('2022');
  await page.getByRole('button', { name: '表示', exact: true }).click();
  await page.waitForURL(/year=2022/);
  assert.equal(await page.getByLabel('表示する年度').inputValue(), '2022');
  assert.match(await page.locator('p.headline').textContent(), /令和4年度（2022年度）/);
  const crumb = await page.locator('nav.crumbs li a').nth(1).getAttribute('href');
  assert.match(crumb, /year=2022/);
  await page.close();
});

test('downloading the evaluation CSV gives the served file', async () => {
  const page = await newPage();
  await page.goto(BASE + '/plan/kagoshima-dx/downloads');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /評価結果（CSV/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'kagoshima-dx-eval.csv');
  const got = await readFile(await download.path(), 'utf8');
  const want = await (await fetch(BASE + '/plan/kagoshima-dx/download/eval.csv')).text();
  assert.equal(got, want);
  assert.ok(got.split('\n').length > 100);
  await page.close();
});

test('the distribution chart has a text alternative that matches its table', async () => {
  const page = await newPage();
  await page.goto(BASE + '/plan/kagoshima-dx?year=2023');
  const chart = page.getByRole('img', { name: /達成状況の分布/ });
  await chart.waitFor();
  const desc = await page.locator('#dist-desc').textContent();
  // the 2023 row of the table, e.g. ◎ 51 ○ 11 △ 13
  const cells = await page.locator('table:has(caption:text("判定の件数")) tr:has(th:text("2023")) td').allTextContents();
  const symbols = await page.locator('table:has(caption:text("判定の件数")) thead th').allTextContents();
  for (let i = 0; i < cells.length - 1; i++) {
    const sym = symbols[i + 1].split(' ')[0];
    if (cells[i] !== '0') assert.ok(desc.includes(`${sym} ${cells[i]}件`), `${sym} ${cells[i]} in "${desc}"`);
  }
  await page.close();
});

test('keyboard: the skip link comes first and every focused element shows a focus outline', async () => {
  const page = await newPage();
  await page.goto(BASE + '/plan/kagoshima-dx');
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { tag: e.tagName, text: e.textContent.trim().slice(0, 20), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    if (i === 0) assert.equal(f.text, '本文へスキップ');
    assert.ok(f.outline !== 'none' && f.width >= 2, `focus visible on ${f.tag} "${f.text}": ${f.outline} ${f.width}`);
  }
  // links and the year form work from the keyboard alone
  await page.getByRole('link', { name: '年度別ロードマップ' }).focus();
  await Promise.all([page.waitForURL(/\/roadmap/), page.keyboard.press('Enter')]);
  await page.getByLabel('表示する年度').focus();
  await page.keyboard.press('ArrowUp'); // one year earlier
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForURL(/year=2022/), page.keyboard.press('Enter')]);
  await page.close();
});

test('grades keep their symbols ◎○△ next to colour', async () => {
  const page = await newPage();
  await page.goto(BASE + '/plan/kagoshima-dx?year=2023');
  const grades = await page.locator('.grade').allTextContents();
  assert.ok(grades.length > 5);
  for (const g of grades) assert.match(g, /^[◎○△－]/, `grade "${g}" starts with its symbol`);
  const legend = await page.locator('ul.legend').textContent();
  for (const s of ['◎', '○', '△']) assert.ok(legend.includes(s));
  await page.close();
});

test('the markup plan shows its names as text, never as markup', async () => {
  const page = await newPage();
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
  for (const url of ['/plan/markup-city', '/plan/markup-city/node/A1?year=2024', '/plan/markup-city/roadmap?year=2023', '/search?q=%E5%8F%96%E7%B5%84']) {
    await page.goto(BASE + url);
    assert.equal(await page.locator('main script, main img, main b').count(), 0, url);
  }
  await page.goto(BASE + '/plan/markup-city');
  assert.match(await page.locator('h1').textContent(), /<script>alert\("xss"\)<\/script>/);
  assert.equal(dialogs, 0);
  await page.close();
});
