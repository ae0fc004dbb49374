// SPDX-License-Identifier: Apache-2.0
// Layout of every public page on a phone (320 and 390 px) and a desktop (1280 px), in real
// Chromium (issue 16): the page never scrolls sideways (a wide table scrolls inside its own
// box), no table cell is narrower than two characters, no cell's text is laid out one
// character per line, a grade badge keeps at least two characters a line, and a chart's labels
// do not overlap and are drawn at least 11 CSS px high from 390 px up (9 px at 320 px; SVG
// text scales with the chart). The staff's preview of the public site (/staff/preview/...,
// signed in as the secretariat) is checked the same way. Screenshots of every page at 390 and
// 1280 px are written to $SHOTS when it is set, to be looked at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL.replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SHOTS || '';

// Every public page type, on the plans where each is widest or longest; [name, url, status].
export const PUBLIC_PAGES = [
  ['home', '/'],
  ['dashboard kagoshima-dx', '/plan/kagoshima-dx'],
  ['dashboard kagoshima-4th', '/plan/kagoshima-4th?year=2020'],
  ['dashboard shibata-dx', '/plan/shibata-dx?year=2023'],
  ['node: basic policy', '/plan/kagoshima-dx/node/BP1?year=2023'],
  ['node: measure', '/plan/kagoshima-dx/node/M1?year=2023'],
  ['node: initiative', '/plan/kagoshima-dx/node/I1?year=2023'],
  ['node: cross-listed', '/plan/kashima-action/node/C2-1'],
  ['roadmap', '/plan/kagoshima-dx/roadmap?year=2024'],
  ['roadmap dx-measures', '/plan/dx-measures/roadmap?year=2024'],
  ['departments', '/plan/kagoshima-dx/departments'],
  ['department', '/plan/kashima-action/department?name=DX%E6%8E%A8%E9%80%B2%E5%AE%A4'],
  ['downloads', '/plan/kagoshima-dx/downloads'],
  ['search', '/search?q=ICT'],
  ['compare', '/compare?kpi=OPEN-DATA&year=2023'],
  ['compare: vocabulary', '/compare'],
  ['accessibility', '/accessibility'],
  ['markup plan', '/plan/markup-city'],
  ['markup plan initiative', '/plan/markup-city/node/A1?year=2024'],
  ['node: history across plans', '/plan/kagoshima-next/node/C1'],
  ['node: indicator with a long unit', '/plan/dx-measures/node/M4'],
  ['initiatives', '/plan/kagoshima-dx/initiatives?year=2023'],
  ['initiatives filtered', '/plan/kagoshima-dx/initiatives?year=2023&grade=%E2%97%8E'],
  ['initiatives shibata-dx', '/plan/shibata-dx/initiatives?year=2023'],
  ['departments kashima-action', '/plan/kashima-action/departments'],
  ['downloads with meetings', '/plan/kagoshima-4th/downloads'],
  ['snapshot changes', '/plan/kagoshima-4th/snapshot/R3-2/changes'],
  ['search, several words', '/search?q=ict%20%E4%BA%BA%E6%9D%90'],
  ['search, nothing found', '/search?q=zzzznothing'],
  ['404 page', '/no/such/page', 404],
  ['400 page', '/plan/kagoshima-dx?year=abc', 400],
];

// The staff's preview of the public site with drafts: the same pages under /staff/preview.
const PREVIEW_PAGES = [
  ['preview: home', '/staff/preview/'],
  ['preview: dashboard', '/staff/preview/plan/kagoshima-dx'],
  ['preview: node', '/staff/preview/plan/kagoshima-dx/node/I1?year=2023'],
  ['preview: roadmap', '/staff/preview/plan/kagoshima-dx/roadmap?year=2024'],
  ['preview: downloads', '/staff/preview/plan/kagoshima-4th/downloads'],
  ['preview: search', '/staff/preview/search?q=ICT'],
];

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

// What is wrong with the layout of the page as shown: sideways scroll, and cells too narrow.
async function layoutProblems(page, width) {
  return page.evaluate((minPx) => {
    const problems = [];
    const de = document.documentElement;
    if (de.scrollWidth > de.clientWidth) problems.push(`scrolls sideways: ${de.scrollWidth} > ${de.clientWidth}`);
    const lineCount = (el) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
      return tops.size;
    };
    const check = (el, what) => {
      const text = el.textContent.replace(/\s+/g, '');
      if (!text || el.getBoundingClientRect().width === 0) return;
      const cs = getComputedStyle(el);
      const em = parseFloat(cs.fontSize);
      const inner = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      if (inner < 2 * em - 0.5) problems.push(`${what} narrower than two characters (${Math.round(inner)} px): ${text.slice(0, 20)}`);
      else if (text.length >= 3 && lineCount(el) >= text.length) problems.push(`${what} one character per line: ${text.slice(0, 20)}`);
    };
    document.querySelectorAll('td, th').forEach((c) => check(c, 'cell'));
    document.querySelectorAll('td .grade, th .grade').forEach((g) => check(g, 'grade badge'));
    // charts: each label at least minPx high as drawn, no two labels overlapping
    document.querySelectorAll('svg.chart').forEach((svg, n) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const boxes = [...svg.querySelectorAll('text')].map((t) => ({ t: t.textContent, r: t.getBoundingClientRect(),
        px: parseFloat(t.getAttribute('font-size')) * scale }));
      for (const b of boxes) if (b.px < minPx - 0.05) problems.push(`chart ${n + 1}: label "${b.t}" ${b.px.toFixed(1)} px high`);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r, b = boxes[j].r;
          if (a.right > b.left + 0.5 && b.right > a.left + 0.5 && a.bottom > b.top + 0.5 && b.bottom > a.top + 0.5) {
            problems.push(`chart ${n + 1}: labels overlap: "${boxes[i].t}" and "${boxes[j].t}"`);
          }
        }
      }
    });
    return problems.slice(0, 10);
  }, width >= 390 ? 11 : 9);
}

// Signs page's context in as the secretariat (test/browser/run.sh made the account).
async function signIn(page) {
  await page.goto(BASE + '/staff/login');
  await page.getByLabel('ログイン名').fill('jimu');
  await page.getByLabel('パスワード').fill(process.env.STAFF_PASSWORD);
  await Promise.all([page.waitForURL(/\/staff\/$/), page.getByRole('button', { name: 'ログイン' }).click()]);
}

for (const width of [320, 390, 1280]) {
  test(`layout at ${width} px: no sideways scroll, no cell narrower than two characters`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const found = [];
    await signIn(page); // for the preview pages; the public pages read no cookie
    for (const [name, url, status] of [...PUBLIC_PAGES, ...PREVIEW_PAGES]) {
      const resp = await page.goto(BASE + url);
      assert.equal(resp.status(), status || 200, `${name} ${url}`);
      for (const p of await layoutProblems(page, width)) found.push(`${name} (${url}): ${p}`);
      if (SHOTS && width !== 320) {
        await page.screenshot({ path: `${SHOTS}/${width}-${name.replace(/[^a-z0-9]+/gi, '_')}.png`, fullPage: true });
      }
    }
    await context.close();
    assert.deepEqual(found, []);
  });
}

test('the roadmap is usable on a phone: grouped by initiative, not a table, a few screens tall', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(BASE + '/plan/kagoshima-dx/roadmap?year=2024');
  const groups = page.locator('details.roadmap');
  const n = await groups.count();
  assert.ok(n > 10, `groups: ${n}`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  // every initiative's summary line fits; the items open on demand
  assert.ok(height < n * 120 + 2000, `height ${height} px for ${n} groups`);
  await groups.first().locator('summary').click();
  assert.ok(await groups.first().locator('ul.items li').first().isVisible());
  await context.close();
});
