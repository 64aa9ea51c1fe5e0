// The portal over HTTPS with Berth's auto certificate, then behind nginx at /reg/: sign in, the
// left panel to Projects and Registries, NEW PROJECT, a deep-link reload, a link opened in a new
// tab, sign out. Under the prefix every request the page makes must stay under /reg/, and every
// link on the page must carry it (middle-click and "open in new tab" use the href as is).
//
// The HTTPS half trusts exactly Berth's certificate, not any: chromium pins the SHA-256 of its
// public key (--ignore-certificate-errors-spki-list), as Debian's chromium has no NSS tool here
// to trust the generated CA. A browser with another pin must refuse the page. The script checks
// with curl --cacert that the served certificate chains to that CA.
//
// Environment (test_https_prefix.sh): BERTH_URL (plain HTTP, for the API checks), HTTPS_URL
// (https://localhost:<tlsListen>), CERT_SPKI (base64 SHA-256 of the SubjectPublicKeyInfo of
// Berth's server.crt), WRONG_SPKI (the same of a key Berth does not have), PREFIX_URL
// (http://127.0.0.1:<nginx>/reg), OUT_DIR.
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, run } from './lib.mjs';

const { HTTPS_URL, PREFIX_URL, CERT_SPKI, WRONG_SPKI } = process.env;
const pin = (spki) => `--ignore-certificate-errors-spki-list=${spki}`;
const PREFIX = new URL(PREFIX_URL).pathname; // "/reg"

// NEW PROJECT on the Projects page; returns the project as the API then holds it.
async function newProject(t, name) {
  const { page } = t;
  await page.click('#new-project');
  await page.waitForSelector('#new-project-dialog');
  await page.fill('#create_project_name', name);
  await page.click('#new-project-ok');
  await page.waitForSelector('#new-project-dialog', { state: 'detached' });
  await page.waitForSelector(`tr[data-name="${name}"]`);
  return t.api(`/projects/${name}`);
}

await run(async (t) => {
  const { page, context } = t;

  // The negative check: the pin is what lets the page load, so a wrong one must not.
  await t.step('HTTPS: a browser pinning another key refuses the page', async () => {
    const other = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, pin(WRONG_SPKI)] });
    try {
      const error = await (await other.newPage()).goto(`${HTTPS_URL}/harbor/projects`).then(() => '', (e) => e.message);
      t.check('the page fails to load with a certificate error', /ERR_CERT_/.test(error), error || 'it loaded');
    } finally {
      await other.close();
    }
  });

  await t.step('HTTPS: sign in', async () => {
    await page.goto(`${HTTPS_URL}/harbor/projects`);
    await page.waitForSelector('#login_username');
    t.check('at https://…/account/sign-in', page.url().startsWith(`${HTTPS_URL}/account/sign-in?`), page.url());
    await t.signIn();
    await page.waitForURL(`${HTTPS_URL}/harbor/projects`);
    await page.waitForSelector('h2:text("Projects")');
    const sid = (await context.cookies(HTTPS_URL)).find((c) => c.name === 'sid');
    t.check('the session cookie is Secure and HttpOnly over HTTPS', sid?.secure && sid?.httpOnly, JSON.stringify(sid));
  });

  await t.step('HTTPS: Registries and Projects from the left panel', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/registries"]');
    await page.waitForURL(`${HTTPS_URL}/harbor/registries`);
    await page.waitForSelector('h2:text("Registries")');
    await page.click('.clr-vertical-nav a[href="/harbor/projects"]');
    await page.waitForURL(`${HTTPS_URL}/harbor/projects`);
    await page.waitForSelector('h2:text("Projects")');
    t.ok('both pages open over HTTPS');
  });

  let httpsProject;
  await t.step('HTTPS: NEW PROJECT', async () => {
    httpsProject = await newProject(t, 'over-https');
    t.check('the API holds over-https', httpsProject.name === 'over-https', JSON.stringify(httpsProject));
  });

  await t.step('HTTPS: a deep link reloads', async () => {
    const deep = `${HTTPS_URL}/harbor/projects/${httpsProject.project_id}/repositories`;
    await page.goto(deep);
    await page.reload();
    await page.waitForSelector('.berth-breadcrumb, nav.berth-breadcrumb');
    t.check('still at the project after reload', page.url() === deep, page.url());
    t.check('the page names the project', (await page.textContent('body')).includes('over-https'));
  });

  // ---- behind nginx at /reg/ ----
  const outside = [];
  const origin = new URL(PREFIX_URL).origin;
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin === origin && !u.pathname.startsWith(`${PREFIX}/`)) outside.push(`${r.method()} ${u.pathname}`);
  });
  // Every same-origin link on the page carries the prefix.
  const linksOutside = () => page.$$eval('a[href]', (as, prefix) => as
    .filter((a) => a.origin === location.origin && !a.pathname.startsWith(prefix + '/'))
    .map((a) => a.getAttribute('href')), PREFIX);

  await t.step('prefix: a deep link asks to sign in under /reg/', async () => {
    await page.goto(`${PREFIX_URL}/harbor/registries`);
    await page.waitForSelector('#login_username');
    const url = new URL(page.url());
    t.check('at /reg/account/sign-in', url.pathname === `${PREFIX}/account/sign-in`, page.url());
    t.check('redirect_url is the app path /harbor/registries', url.searchParams.get('redirect_url') === '/harbor/registries', page.url());
    await t.accessible('the sign-in page under /reg/');
  });

  await t.step('prefix: sign in returns to the page', async () => {
    await t.signIn();
    await page.waitForURL(`${PREFIX_URL}/harbor/registries`);
    await page.waitForSelector('h2:text("Registries")');
    t.ok('signed in and back at /reg/harbor/registries');
    const bad = await linksOutside();
    t.check('every link on the page is under /reg/', bad.length === 0, bad.join('\n'));
  });

  let prefixProject;
  await t.step('prefix: Projects from the left panel, NEW PROJECT', async () => {
    await page.click(`.clr-vertical-nav a[href="${PREFIX}/harbor/projects"]`);
    await page.waitForURL(`${PREFIX_URL}/harbor/projects`);
    await page.waitForSelector('h2:text("Projects")');
    prefixProject = await newProject(t, 'behind-proxy');
    t.check('the API holds behind-proxy', prefixProject.name === 'behind-proxy', JSON.stringify(prefixProject));
    const bad = await linksOutside();
    t.check('every link on the Projects page is under /reg/', bad.length === 0, bad.join('\n'));
    await t.accessible('the Projects page under /reg/');
  });

  await t.step('prefix: a project link, in this tab and in a new one', async () => {
    const link = page.locator('tr[data-name="behind-proxy"] a').first();
    const href = await link.getAttribute('href');
    const want = `${PREFIX}/harbor/projects/${prefixProject.project_id}/repositories`;
    t.check('the href carries the prefix', href === want, href);
    const tab = await context.newPage();
    await tab.goto(new URL(href, PREFIX_URL).href);
    await tab.waitForSelector('.main-container');
    t.check('opened in a new tab: the project page, signed in', (await tab.textContent('body')).includes('behind-proxy'));
    await tab.close();
    await link.click();
    await page.waitForURL(`${origin}${want}`);
    t.ok('a click navigates inside the app under /reg/');
  });

  await t.step('prefix: the deep link reloads', async () => {
    await page.reload();
    await page.waitForSelector('.main-container');
    t.check('still at the project after reload',
      new URL(page.url()).pathname === `${PREFIX}/harbor/projects/${prefixProject.project_id}/repositories`, page.url());
    t.check('the page names the project', (await page.textContent('body')).includes('behind-proxy'));
    const bad = await linksOutside();
    t.check('every link on the project page is under /reg/', bad.length === 0, bad.join('\n'));
  });

  await t.step('prefix: sign out', async () => {
    await page.click('#user-menu');
    await page.click('#log-out');
    await page.waitForURL(new RegExp(`^${origin}${PREFIX}/account/sign-in\\?signout=true`));
    await page.waitForSelector('#login_username');
    t.ok('at /reg/account/sign-in after Log Out');
    await page.goto(`${PREFIX_URL}/harbor/projects`);
    await page.waitForURL(new RegExp(`${PREFIX}/account/sign-in\\?redirect_url=`));
    t.ok('the session is gone');
  });

  await t.step('prefix: every request went under /reg/', async () => {
    t.check('no request outside /reg/', outside.length === 0, [...new Set(outside)].join('\n'));
  });
}, { args: [pin(CERT_SPKI)] });
