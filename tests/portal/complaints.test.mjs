// Harbor's portal complaints (harbor-portal.md §4, docs/PORTAL.md) as Berth's portal answers them,
// end to end: the header's search (§4.12), CVE export per repository and per artifact (§4.14),
// pollers that do not keep a session alive and the return after it ends (§4.7), robot expiry in
// plain words (§4.9), the replication rule form's explanations (§4.11), the artifact list's one
// request and pull by tag (§4.1-4.3), no column toggles (§4.13), the theme default (§4.10).
// Each step checks the page and what the API holds; axe on the pages and panels added.
//
// Environment (test_complaints.sh): BERTH_URL, BERTH_HOST, OUT_DIR, DIGEST (library/deb:v1, scanned,
// with findings), PROJECT_ROBOT (a project robot of library whose expiry the script moved to the
// past).
import { readFileSync } from 'node:fs';
import { run, BERTH_URL } from './lib.mjs';

const { BERTH_HOST, DIGEST, PROJECT_ROBOT } = process.env;
const MIME = 'application/vnd.security.vulnerability.report; version=1.1';
const HARBOR_CSV = ['RowId', 'Scanner', 'Repository', 'Artifact Digest', 'CVE', 'Package', 'Current Version', 'Fixed in version',
  'Severity', 'CVSS V3 Score', 'CVSS V2 Score', 'CVSS V3 Vector', 'CVSS V2 Vector', 'CWE Ids'];

// A CSV file as rows of cells (quoted cells may hold commas, quotes and new lines).
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  return rows;
}

await run(async (t) => {
  const { page } = t;
  const text = async (sel) => ((await page.textContent(sel)) ?? '').trim();
  const project = await t.api('/projects/library');
  const repoUrl = `${BERTH_URL}/harbor/projects/${project.project_id}/repositories/deb/artifacts-tab`;
  const report = (await t.api(`/projects/library/repositories/deb/artifacts/${DIGEST}/additions/vulnerabilities`))[MIME];
  const findings = report?.vulnerabilities ?? [];

  await t.step('§4.12 the header search finds projects and repositories', async () => {
    await t.openSignedIn('/harbor/projects');
    await page.waitForSelector('#search_input');
    t.check('"Search Harbor..." in the header', (await page.getAttribute('#search_input', 'placeholder')) === 'Search Harbor...');
    await page.fill('#search_input', 'deb');
    await page.waitForSelector('#search-results li[data-repository="library/deb"]');
    const api = await t.api('/search?q=deb');
    const shown = await page.$$eval('#search-results li[data-repository]', (ls) => ls.map((l) => l.dataset.repository));
    t.check('the panel lists what GET /search answers', JSON.stringify(shown) === JSON.stringify(api.repository.map((r) => r.repository_name)),
      `${JSON.stringify(shown)} vs ${JSON.stringify(api)}`);
    t.check('"No project matches." for deb', (await text('#search-results')).includes('No project matches.'));
    await t.accessible('the search results panel');
    await page.fill('#search_input', 'libr');
    await page.waitForSelector('#search-results li[data-project="library"]');
    t.check('a project by part of its name', (await text('#search-results li[data-project="library"]')).startsWith('library'));
    await page.fill('#search_input', 'deb');
    await page.waitForSelector('#search-results li[data-project]', { state: 'detached' });
  });

  await t.step('§4.12 a search result opens its page', async () => {
    await page.click('#search-results li[data-repository="library/deb"] a');
    await page.waitForURL(repoUrl);
    await page.waitForSelector('#search-results', { state: 'detached' });
    t.ok('the link opens the repository page and the panel closes');
  });

  await t.step('§4.1-4.3 one artifact request with tags and overviews, pull by tag', async () => {
    const calls = [];
    const onReq = (r) => r.url().includes('/api/v2.0/projects/library/repositories/deb/') && calls.push(r.url());
    page.on('request', onReq);
    await page.reload();
    await page.waitForSelector(`#artifact-list tr[data-digest="${DIGEST}"]`);
    await page.waitForTimeout(300);
    page.off('request', onReq);
    const lists = calls.filter((u) => /\/artifacts\?/.test(u));
    t.check('one list request, with_tag and with_scan_overview in it', lists.length === 1 && /with_tag=true/.test(lists[0]) && /with_scan_overview=true/.test(lists[0]), calls.join('\n'));
    t.check('no request per row (tags, overviews)', calls.every((u) => !/\/artifacts\/sha256|\/tags/.test(u)), calls.join('\n'));
    await page.click(`#artifact-list tr[data-digest="${DIGEST}"] .berth-pull-btn`);
    const cmds = await page.$$eval('.berth-pull-panel code', (cs) => cs.map((c) => c.textContent.trim()));
    t.check('the pull command by tag comes first', cmds[0] === `docker pull ${BERTH_HOST}/library/deb:v1`, JSON.stringify(cmds));
    await page.keyboard.press('Escape');
  });

  await t.step('§4.13 the artifact grid has fixed columns, no column toggle', async () => {
    const heads = await page.$$eval('#artifact-list thead th', (ths) => ths.map((th) => th.textContent.trim()).filter(Boolean));
    t.check("Harbor's columns, all shown", ['Artifacts', 'Pull Command', 'Tags', 'Size', 'Vulnerabilities', 'Labels', 'Push Time', 'Pull Time']
      .every((h) => heads.includes(h)), JSON.stringify(heads));
    t.check('no column switch to persist wrongly', !(await page.$('.column-switch, clr-dg-column-toggle, [aria-label*="column" i][aria-haspopup]')));
  });

  await t.step('§4.14 Export CVEs of the repository', async () => {
    t.check('the API has findings for deb:v1', findings.length > 0, JSON.stringify(report)?.slice(0, 300));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('berth-repository-page #export-cve')]);
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
    t.check('file name cves-library-deb.csv', download.suggestedFilename() === 'cves-library-deb.csv', download.suggestedFilename());
    t.check("Harbor's export columns", JSON.stringify(rows[0]) === JSON.stringify(HARBOR_CSV), JSON.stringify(rows[0]));
    t.check('one row per finding of the API report', rows.length - 1 === findings.length, `${rows.length - 1} vs ${findings.length}`);
    const f = findings[0];
    const line = rows.find((r) => r[4] === f.id && r[5] === f.package);
    t.check('a finding as the API gives it: repository, digest, CVE, package, versions, severity',
      !!line && line[2] === 'library/deb' && line[3] === DIGEST && line[6] === f.version && line[7] === (f.fix_version ?? '') && line[8] === f.severity,
      JSON.stringify(line) + ' vs ' + JSON.stringify(f));
    await page.waitForSelector('berth-toasts .alert-success');
    t.check('a toast says what went in', (await text('berth-toasts')).includes(`Exported ${findings.length} CVE`));
    await t.accessible('the repository page with Export CVEs');
  });

  await t.step('§4.14 Export CVEs of one artifact (Vulnerabilities tab)', async () => {
    await page.goto(`${repoUrl}/artifacts/${DIGEST}`);
    await page.waitForSelector('#artifact-vulnerabilities tbody tr[data-cve]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('berth-artifact-vulnerabilities #export-cve')]);
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
    t.check('file name names the digest', download.suggestedFilename() === `cves-library-deb-${DIGEST.slice(7, 19)}.csv`, download.suggestedFilename());
    const shown = await page.$$eval('#artifact-vulnerabilities tbody tr[data-cve]', (rs) => rs.length);
    t.check('as many rows as the tab shows and the API holds', rows.length - 1 === shown && shown === findings.length, `${rows.length - 1} / ${shown} / ${findings.length}`);
    t.check('every row this artifact', rows.slice(1).every((r) => r[3] === DIGEST && r[1].length > 0), JSON.stringify(rows[1]));
  });

  await t.step('§4.7 a poller\'s requests are marked background, the user\'s are not', async () => {
    const seen = [];
    const onReq = (r) => r.url().includes('/api/v2.0/') && seen.push({ url: r.url(), method: r.method(), bg: r.headers()['x-berth-background'] });
    page.on('request', onReq);
    await page.click('#scan-btn');
    await page.waitForFunction(() => !document.querySelector('#stop-scan'), null, { timeout: 30_000 });
    page.off('request', onReq);
    const post = seen.find((s) => s.method === 'POST' && s.url.endsWith('/scan'));
    const polls = seen.filter((s) => s.method === 'GET' && s.url.includes(DIGEST));
    t.check('the click (POST …/scan) is the user\'s: not marked', !!post && !post.bg, JSON.stringify(seen));
    t.check('the scan poll is marked X-Berth-Background', polls.length > 0 && polls.some((s) => s.bg === '1'), JSON.stringify(seen));
    // The page may not have shown STOP SCAN yet when the wait above looked: ask the API until the
    // scan is over (the fixture scan takes well under a second when the machine is quiet).
    let a;
    for (let i = 0; i < 60; i++) {
      a = await t.api(`/projects/library/repositories/deb/artifacts/${DIGEST}?with_scan_overview=true`);
      if (!['Pending', 'Running'].includes(a.scan_overview?.[MIME]?.scan_status)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    t.check('the API: the new scan ended', a.scan_overview?.[MIME]?.scan_status === 'Success', JSON.stringify(a.scan_overview));
  });

  await t.step('§4.7 when the session ends under a poller: sign-in, then back to the page', async () => {
    const here = new URL(page.url()).pathname;
    // library is public (as Harbor's): anonymous reads would still answer 200. Private, the poll
    // after the session ends gets the 401 that sends the portal to sign-in.
    await t.api('/projects/library', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { public: 'false' } }) });
    const scanned = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/scan'));
    await page.click('#scan-btn');
    await scanned;
    // The session ends on the server (as an idle timeout would end it): the next poll gets 401.
    await page.evaluate(() => fetch('/c/log_out'));
    await page.waitForURL(/\/account\/sign-in\?/, { timeout: 15_000 });
    t.check('redirect_url is the artifact page', new URL(page.url()).searchParams.get('redirect_url') === here, page.url());
    await t.signIn();
    await page.waitForURL(`${BERTH_URL}${here}`);
    await page.waitForSelector('#artifact-vulnerabilities');
    t.ok('back on the artifact page after signing in');
  });

  await t.step('§4.9 robot expiry in plain words (system list)', async () => {
    await t.openSignedIn('/harbor/robot-accounts');
    await page.waitForSelector('tr[data-name="robot$thirty"]');
    const thirty = await text('tr[data-name="robot$thirty"] .berth-expires');
    t.check('"Expires in 30 days" and the date', /^Expires in 30 days\s+at \S/.test(thirty), thirty);
    t.check('"Never Expires"', (await text('tr[data-name="robot$forever"] .berth-expires')) === 'Never Expires');
    const robots = await t.api('/robots?q=name%3Drobot%24thirty');
    t.check('the API: 30 days from creation', robots[0]?.duration === 30 && Math.abs(robots[0].expires_at - Date.now() / 1000 - 30 * 86400) < 600, JSON.stringify(robots[0]));
    await page.click('#new-robot-account');
    await page.waitForSelector('#expiration-help');
    t.check('the dialog says what the days count from', /count from the robot's creation/.test(await text('#expiration-help'))
      && /Refreshing the secret does not extend it/.test(await text('#expiration-help')));
    await t.accessible('the robot dialog with the expiration help');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#robot-dialog', { state: 'detached' });
  });

  await t.step('§4.9 an expired robot says "Expired" (project list)', async () => {
    await t.openSignedIn(`/harbor/projects/${project.project_id}/robot-account`);
    await page.waitForSelector(`tr[data-name="${PROJECT_ROBOT}"]`);
    const cell = await text(`tr[data-name="${PROJECT_ROBOT}"] .berth-expires`);
    t.check('"Expired" and when', /^Expired\s+on \S/.test(cell), cell);
    const [r] = await t.api(`/robots?q=Level%3Dproject,ProjectID%3D${project.project_id}`);
    t.check('the API: expires_at in the past', r?.expires_at > 0 && r.expires_at < Date.now() / 1000, JSON.stringify(r));
  });

  await t.step('§4.11 the replication rule form explains itself', async () => {
    await t.openSignedIn('/harbor/replications');
    await page.click('#new_replication_rule_id');
    await page.waitForSelector('#ruleTrigger');
    t.check('Manual explained', (await text('#ruleTrigger-help')).includes('REPLICATE'));
    const help = async (id) => text(`#${id}-help`);
    t.check('name filter with examples', (await help('filter_name')).includes('library/**'));
    t.check('tag filter with examples', (await help('filter_tag')).includes('1.0*'));
    t.check('override explained', (await help('overridePolicy')).includes('same name'));
    t.check('flattening explained with an example', (await text('berth-rule-dialog')).includes('a/b/c/d/img becomes ns/img'));
    const triggers = await page.$$eval('#ruleTrigger option', (os) => os.map((o) => o.value));
    if (triggers.includes('event_based')) {
      await page.selectOption('#ruleTrigger', 'event_based');
      t.check('Event Based explained', (await text('#ruleTrigger-help')).includes('each time a tag matching the filters is pushed'));
      t.check('delete remote resources explained', (await help('ruleDeletion')).includes('deleted at the destination'));
    } else t.fail('Event Based offered for a push-based rule', JSON.stringify(triggers));
    await t.accessible('the rule form with its explanations');
  });

  await t.step('§4.10 the theme follows the system, never forced dark', async () => {
    for (const scheme of ['light', 'dark']) {
      const ctx = await t.browser.newContext({ colorScheme: scheme });
      const p = await ctx.newPage();
      await p.goto(`${BERTH_URL}/account/sign-in`);
      await p.waitForSelector('#login_username');
      const theme = await p.evaluate(() => document.body.getAttribute('cds-theme'));
      t.check(`a first visit with a ${scheme} system setting is ${scheme}`, theme === scheme, theme);
      await ctx.close();
    }
  });
});
