// The harness every portal spec shares: Debian's chromium through playwright-core (never a
// downloaded browser), one page signed out at the start, a screenshot per step in OUT_DIR, checks
// counted and printed as "N passed, M failed" (tests/portal/portal_lib.sh reads that line),
// axe-core on demand, the API as admin, and "no console errors" at the end.
//
//   import { run } from './lib.mjs';
//   await run(async (t) => { await t.step('…', async () => { … t.check('…', cond); }); });
//
// Environment: BERTH_URL, OUT_DIR, and what the spec's own script exports.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const { BERTH_URL, OUT_DIR } = process.env;
export const ADMIN = 'Basic ' + Buffer.from('admin:Harbor12345').toString('base64');
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

// `options.contextOptions`: extra options of the browser context; `options.args`: extra
// chromium flags (the HTTPS spec's pin of Berth's certificate).
export async function run(spec, options = {}) {
  let passed = 0, failed = 0, shot = 0;
  const failures = [];
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, ...(options.args ?? [])] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, ...options.contextOptions });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => {
    // Chromium logs every 4xx answer as "Failed to load resource" (the session check's 401, a
    // failed TEST CONNECTION's 400): network lines, not errors of the portal's code.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()))
      consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.setDefaultTimeout(10_000);

  const t = {
    browser, context, page,
    ok(desc) { passed++; console.log(`ok - ${desc}`); },
    fail(desc, detail) {
      failed++;
      failures.push(desc);
      console.log(`FAIL - ${desc}`);
      if (detail) console.log(String(detail).split('\n').map((l) => `#   ${l}`).join('\n'));
    },
    check(desc, cond, detail) { cond ? t.ok(desc) : t.fail(desc, detail); },
    // One step of the workflow; a throw fails the step, and the screen is saved either way.
    async step(name, fn) {
      console.log(`== ${name}`);
      try {
        await fn();
      } catch (e) {
        t.fail(`${name}: ${e.message.split('\n')[0]}`, e.stack);
      }
      const file = `${OUT_DIR}/${String(++shot).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    },
    // The API as admin: what the portal did must show there too.
    async api(path, init = {}) {
      const res = await fetch(`${BERTH_URL}/api/v2.0${path}`, {
        ...init, headers: { Authorization: ADMIN, ...(init.headers ?? {}) },
      });
      const text = await res.text();
      try { return JSON.parse(text); } catch { return text; }
    },
    // axe-core on what is on screen now: no serious or critical violation.
    async accessible(what) {
      await page.addScriptTag({ path: AXE_PATH });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      t.check(`axe: no serious or critical violations on ${what}`, bad.length === 0,
        bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n'));
    },
    async rowTexts(selector = 'table.berth-grid tbody tr') {
      return page.$$eval(selector, (rows) => rows.map((r) => r.innerText));
    },
    // Sign in through the sign-in form (the page must be showing it).
    async signIn(user = 'admin', password = 'Harbor12345') {
      await page.fill('#login_username', user);
      await page.fill('#login_password', password);
      await page.click('#log_in');
    },
    // Open a portal path signed in as admin (signs in when the portal asks).
    async openSignedIn(path) {
      await page.goto(`${BERTH_URL}${path}`);
      await page.waitForSelector('#login_username, .main-container', { state: 'attached' });
      if (await page.$('#login_username')) {
        await t.signIn();
        await page.waitForURL(`${BERTH_URL}${path}`);
      }
    },
  };

  try {
    await spec(t);
    t.check('no console errors', consoleErrors.length === 0, consoleErrors.join('\n'));
  } catch (e) {
    t.fail(`spec aborted: ${e.message.split('\n')[0]}`, e.stack);
  } finally {
    await browser.close();
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  for (const f of failures) console.log(`== FAILED: ${f}`);
  process.exit(failed ? 1 : 0);
}
