// SPDX-License-Identifier: Apache-2.0
// The yearly entry round in real Chromium (issues 7 and 16), as the people who do it: the
// secretariat signs in, sets the due date of 2024 and opens the period; the reminder goes out
// (`shinchoku period remind`, the daily timer's command, through a local SMTP sink) to the
// clerk, and a second run the same day mails nobody again; the department clerk signs in, sees
// the days left, types a figure wrongly (the Japanese message next to the field), then as
// clerks type it, saves and submits (the warning naming the rows left empty), and sends a
// filled workbook to see its preview; the secretariat, in another browser context, sees what
// waits, reviews, approves and publishes; the public page shows the year's figures only after
// publication; the history of the indicator shows every step. axe-core (WCAG 2.1 A/AA) checks
// every staff page visited, as browser.test.mjs does for the public ones.
// test/browser/run.sh starts the server on a store where `shinchoku user add` made "digi"
// (editor of デジタル戦略推進課, with a mail address) and "jimu" (admin), both with
// STAFF_PASSWORD, and passes the binary and the store as SHINCHOKU_BIN and SHINCHOKU_DB.
// Under load every wait is generous (no sleeps: each step waits for what it needs to see).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = process.env.BASE_URL.replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PASSWORD = process.env.STAFF_PASSWORD;
const DEPT = 'デジタル戦略推進課';
const NODE_PAGE = '/plan/kagoshima-dx/node/I5?year=2024'; // 電子申請システムの拡充, target 35000 in 2024
const FIGURE = '電子申請利用件数 実績 の値'; // the accessible name of I5-1's actual in the entry form
const BIN = process.env.SHINCHOKU_BIN;
const DB = process.env.SHINCHOKU_DB;
const CLERK_MAIL = 'digi@city.example.lg.jp'; // run.sh: `user email digi`
const WAIT = 60_000; // a step's wait on a loaded machine (two cores, several test runs at once)

let browser, clerk, secretariat, citizen;
let gradeBefore, dueDate, work, sink;

const run = promisify(execFile);

/* The date n days from today in Japan, as YYYY-MM-DD. */
function jstDate(n) {
  return new Date(Date.now() + 9 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
}

/* Until check() gives something truthy (a file the sink wrote), at most ms. */
async function until(check, ms = WAIT) {
  const end = Date.now() + ms;
  for (;;) {
    const got = await check();
    if (got || Date.now() > end) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/* The SMTP sink (test/cli/smtp_sink.py, Debian's python3-aiosmtpd): its port once it listens. */
async function startSink(dir) {
  const portFile = join(dir, 'smtp.port');
  const proc = spawn('/usr/bin/python3', ['../cli/smtp_sink.py', portFile, join(dir, 'mail')],
    { stdio: 'ignore' });
  const port = await until(async () => (await readFile(portFile, 'utf8').catch(() => '')).trim());
  assert.ok(port, 'the SMTP sink started');
  return { proc, port };
}

async function mails() {
  return (await readdir(join(work, 'mail')).catch(() => [])).filter((f) => f.endsWith('.json')).sort();
}

/* `shinchoku period remind` as the daily timer runs it, with the relay of the sink. */
async function remind() {
  const { stdout } = await run(BIN, ['--db', DB, '--config', join(work, 'shinchoku.conf'), 'period',
    'remind', '--plan', 'kagoshima-dx', '--year', '2024', '--days', '7'], { timeout: WAIT });
  return stdout;
}

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // three people, three contexts: no cookie is shared
  const options = { locale: 'ja-JP', bypassCSP: true }; // axe-core is injected as an inline script
  clerk = await newPage(options);
  secretariat = await newPage(options);
  citizen = await newPage(options);
  work = await mkdtemp(join(tmpdir(), 'shinchoku-round-'));
  await mkdir(join(work, 'mail'));
  sink = await startSink(work);
  await writeFile(join(work, 'shinchoku.conf'),
    `[mail]\nsmtp_relay = 127.0.0.1:${sink.port}\nfrom = jimu@city.example.lg.jp\n`);
});

after(async () => {
  await browser?.close();
  sink?.proc.kill();
  if (work) await rm(work, { recursive: true, force: true });
});

async function newPage(options) {
  const page = await (await browser.newContext(options)).newPage();
  page.setDefaultTimeout(WAIT);
  page.setDefaultNavigationTimeout(WAIT);
  return page;
}

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

async function signIn(page, login) {
  await page.goto(BASE + '/staff/');
  await page.waitForURL(/\/staff\/login\?next=/); // anonymous: sent to the sign-in first
  await page.getByLabel('ログイン名').fill(login);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/staff\/$/), page.getByRole('button', { name: 'ログイン' }).click()]);
}

async function headlineGrade(page) {
  await page.goto(BASE + NODE_PAGE);
  return (await page.locator('p.headline .grade').first().textContent()).trim();
}

test('staff: the public page shows no grade for 2024 before anyone enters', async () => {
  gradeBefore = await headlineGrade(citizen);
  assert.match(gradeBefore, /^－/, `before: ${gradeBefore}`);
});

test('axe: no WCAG 2.1 A/AA violations on the staff sign-in page (and with its error message)', async () => {
  const page = await (await browser.newContext({ locale: 'ja-JP', bypassCSP: true })).newPage();
  await page.goto(BASE + '/staff/login');
  assert.deepEqual(await axe(page), []);
  await page.getByLabel('ログイン名').fill('nobody');
  await page.getByLabel('パスワード').fill('not-the-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('alert').waitFor();
  assert.deepEqual(await axe(page), []);
  await page.context().close();
});

test('round 1: the secretariat sets the due date of 2024 and opens the period (the periods page)', async () => {
  await signIn(secretariat, 'jimu');
  assert.deepEqual(await axe(secretariat), [], 'the start page passes axe');
  await secretariat.goto(BASE + '/staff/periods');
  assert.deepEqual(await axe(secretariat), [], 'the periods page passes axe');
  const row = () => secretariat.locator('table', { hasText: 'kagoshima-dx' }).locator('tr', { hasText: '2024年度' });
  dueDate = jstDate(5);
  await row().getByLabel(/2024年度.*の提出期限$/).fill(dueDate);
  await Promise.all([secretariat.waitForURL(/\/staff\/periods$/),
    row().getByRole('button', { name: /提出期限を設定/ }).click()]);
  await Promise.all([secretariat.waitForURL(/\/staff\/periods$/),
    row().getByRole('button', { name: /入力の受付を開始/ }).click()]);
  const text = await row().textContent();
  assert.match(text, /受付中/, `2024 is open: ${text}`);
  assert.equal(await row().getByLabel(/2024年度.*の提出期限$/).inputValue(), dueDate);
  assert.deepEqual(await axe(secretariat), [], 'the periods page with the open period passes axe');
});

test('round 2: the reminder reaches the clerk (SMTP sink), once a day', async () => {
  const out = await remind();
  assert.match(out, new RegExp(`督促しました: ${DEPT}.*${CLERK_MAIL}`), out);
  const sent = await until(async () => (await mails()).length > 0 && mails());
  assert.deepEqual(sent, ['1.json'], 'one mail');
  const m = JSON.parse(await readFile(join(work, 'mail', '1.json'), 'utf8'));
  assert.deepEqual(m.to, [CLERK_MAIL]);
  assert.match(m.data, /Subject: =\?UTF-8\?/i, 'a Japanese subject (RFC 2047)');
  const again = await remind();
  assert.match(again, new RegExp(`督促済み: ${DEPT}`), again);
  assert.doesNotMatch(again, /督促しました/);
  assert.deepEqual(await mails(), ['1.json'], 'the second run the same day mails nobody');
});

test('journey 1: a department clerk signs in, enters a figure in full-width digits, saves and submits', async () => {
  await signIn(clerk, 'digi');
  assert.match(await clerk.locator('main').textContent(), /あと5日/, 'the start page says the days left');
  assert.deepEqual(await axe(clerk), [], "the clerk's start page passes axe");
  await Promise.all([clerk.waitForURL(/\/staff\/entry\/kagoshima-dx\?year=2024/),
    clerk.getByRole('link', { name: `${DEPT} の入力` }).click()]);
  assert.match(await clerk.locator('#due').textContent(), /提出期限.*あと5日/);
  assert.match(await clerk.locator('main').textContent(), /コメント・根拠.*公開/);
  assert.deepEqual(await axe(clerk), [], 'the entry form passes axe');
  // a mistyped figure is refused with the message next to the field, nothing saved
  await clerk.getByLabel(FIGURE).fill('１２，３４５件くらい');
  await clerk.getByRole('button', { name: '下書きを保存' }).click();
  const field = clerk.getByLabel(FIGURE);
  await assert.doesNotReject(clerk.locator('.field-error').first().waitFor());
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const described = await field.getAttribute('aria-describedby');
  assert.match(await clerk.locator(`#${described}`).textContent(), /数値として読めません/);
  assert.deepEqual(await axe(clerk), [], 'the form with an error passes axe');
  // as clerks type it: full-width digits with a comma
  await clerk.getByLabel(FIGURE).fill('１２，３４５');
  await Promise.all([clerk.waitForURL(/done=saved/), clerk.getByRole('button', { name: '下書きを保存' }).click()]);
  assert.equal(await clerk.getByLabel(FIGURE).inputValue(), '12345');
  await Promise.all([clerk.waitForURL(/done=submitted/), clerk.getByRole('button', { name: /提出/ }).click()]);
  await clerk.getByRole('status').filter({ hasText: '提出しました' }).waitFor();
  // a warning, not an error: the rows left empty are named, the submission went through
  const warning = clerk.locator('#empty-warning');
  assert.match(await warning.textContent(), /空欄のまま提出されました/);
  assert.ok(await warning.locator('li').count() > 0, 'the empty rows are listed');
  const row = clerk.locator('tr', { has: clerk.getByLabel(FIGURE) });
  assert.match(await row.textContent(), /提出済み/);
});

test('axe: no WCAG 2.1 A/AA violations on the entry form after the submission (with its warning)', async () => {
  assert.deepEqual(await axe(clerk), []);
});

test('journey 1b: the clerk sends a filled workbook from the entry page and sees its preview', async () => {
  // the department workbook as `shinchoku export` writes it, one actual filled in (openpyxl)
  const path = join(work, 'digi.xlsx');
  await run(BIN, ['--db', DB, 'export', '--plan', 'kagoshima-dx', '--department', DEPT, '--year', '2024',
    '--format', 'xlsx', '-o', path], { timeout: WAIT });
  await run('/usr/bin/python3', ['-c', `
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["実績入力"]
head = [c.value for c in ws[1]]
row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "I14-1")
ws.cell(row=row, column=head.index("実績（入力）") + 1, value=31)
wb.save(sys.argv[1])`, path], { timeout: WAIT });
  await clerk.getByLabel('記入した入力ブック（.xlsx）').setInputFiles(path);
  await Promise.all([clerk.waitForURL(/\/staff\/upload\/kagoshima-dx$/),
    clerk.getByRole('button', { name: '読み取って確認する' }).click()]);
  assert.match(await clerk.locator('#preview-summary').textContent(), /変わる値は 1 件/);
  assert.match(await clerk.locator('#changes').textContent(), /キャッシュレス決済端末の導入施設数.*31/);
  assert.deepEqual(await axe(clerk), [], 'the preview passes axe');
  await Promise.all([clerk.waitForURL(/done=saved/), clerk.getByRole('button', { name: '下書きとして保存' }).click()]);
  assert.equal(await clerk.getByLabel('キャッシュレス決済端末の導入施設数 実績 の値').inputValue(), '31');
  await Promise.all([clerk.waitForURL(/done=submitted/), clerk.getByRole('button', { name: /提出/ }).click()]);
});

test('staff: a submitted figure is not public yet', async () => {
  assert.equal(await headlineGrade(citizen), gradeBefore);
  assert.doesNotMatch(await citizen.locator('main').textContent(), /12345/);
});

test('journey 2: the secretariat (another context) sees what waits, the grade change, and approves', async () => {
  await secretariat.goto(BASE + '/staff/');
  // the start page lists what waits for the secretariat: the department that submitted
  const waiting = secretariat.locator('#waiting tr', { hasText: DEPT });
  assert.match(await waiting.first().textContent(), /提出済み（確認待ち）/);
  assert.deepEqual(await axe(secretariat), [], 'the start page with its list passes axe');
  await secretariat.goto(BASE + '/staff/review/kagoshima-dx?year=2024');
  assert.deepEqual(await axe(secretariat), [], 'the review list passes axe');
  await Promise.all([secretariat.waitForURL(/\/staff\/review\/kagoshima-dx\/dept\?/),
    secretariat.getByRole('link', { name: DEPT, exact: true }).click()]);
  assert.deepEqual(await axe(secretariat), [], 'the department review page passes axe');
  const row = secretariat.locator('tr', { hasText: '電子申請利用件数' }).filter({ hasText: '12345' });
  const text = await row.first().textContent();
  assert.match(text, /－.*→.*△/, `I5-1: grade before → after shown: ${text}`);
  await Promise.all([secretariat.waitForURL(/done=approved/), secretariat.getByRole('button', { name: /承認/ }).click()]);
  await secretariat.getByRole('status').filter({ hasText: '承認しました' }).waitFor();
});

test('publication: the approved figure stays a draft until the secretariat publishes 2024', async () => {
  assert.equal(await headlineGrade(citizen), gradeBefore);
  assert.doesNotMatch(await citizen.locator('main').textContent(), /12,?345/);
  await secretariat.goto(BASE + '/staff/publish');
  assert.deepEqual(await axe(secretariat), [], 'the publication page passes axe');
  const row = secretariat.locator('table', { hasText: 'kagoshima-dx' }).locator('tr', { hasText: '2024年度' });
  assert.match(await row.textContent(), /下書き/);
  await Promise.all([secretariat.waitForURL(/\/staff\/publish$/),
    row.getByRole('button', { name: '公開する' }).click()]);
  assert.match(await row.textContent(), /公開中/);
});

test('journey 3: the public page shows the new grade and figure', async () => {
  // A visitor (public pages are sent with Cache-Control: no-cache, so a browser that saw the
  // page before asks again and gets the approved figure; staffweb checks the ETag changes).
  citizen = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  // 12345 of the 2024 target 35000 is 35.3 %, below the policy's 70 % for ○: △
  const after = await headlineGrade(citizen);
  assert.notEqual(after, gradeBefore);
  assert.match(after, /^△/, `after: ${after}`);
  assert.match(await citizen.locator('main').textContent(), /12,?345/);
});

test('journey 4: the history of the indicator shows the save, the submission and the approval', async () => {
  await secretariat.goto(BASE + '/staff/history/kagoshima-dx/I5-1');
  // each row's cells; a step is a row with a cell naming the action (in Japanese or as the
  // audit trail's name) and a cell naming who did it
  const rows = await secretariat.locator('main table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  const shown = rows.map((r) => r.join(' ')).join(' | ');
  const has = (who, names) => rows.some((r) => r.some((c) => names.includes(c)) && r.some((c) => c.includes(who)));
  assert.ok(has('digi', ['保存', 'entry.save']), `a save by digi in: ${shown}`);
  assert.ok(has('digi', ['提出', 'entry.submit']), `a submission by digi in: ${shown}`);
  assert.ok(has('jimu', ['承認', 'entry.approve']), `an approval by jimu in: ${shown}`);
  assert.ok(rows.some((r) => r.some((c) => /12,?345/.test(c))), `the value entered is in the history: ${shown}`);
  assert.deepEqual(await axe(secretariat), [], 'the history page passes axe');
});
