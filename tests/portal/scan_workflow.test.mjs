// Seed workflow 4, air-gapped scanning, through the portal: Administration › Interrogation
// Services › Vulnerability says no database is installed; the db.tar.gz file is imported with the
// page's upload (progress shown on a throttled link), its version and build time appear; SCAN NOW
// scans the pushed image and shows the run's progress; the artifact page lists the CVEs Trivy
// finds. Every step checks the page and the API (database info, scan metrics, the scan report).
//
// The last step uses the artifact page's contract (table #artifact-vulnerabilities, one
// tr[data-cve="<id>"] per finding), which the artifact area of the portal provides.
//
// Environment (test_scan_workflow.sh): BERTH_URL, OUT_DIR, DB_FILE, PROJECT, REPO, DIGEST,
// EXPECTED_CVES (comma-separated), DB_UPDATED_AT.
import { run, BERTH_URL, OUT_DIR } from './lib.mjs';

const { DB_FILE, PROJECT, REPO, DIGEST, EXPECTED_CVES, DB_UPDATED_AT } = process.env;
const EXPECTED = EXPECTED_CVES.split(',');
const MIME = 'application/vnd.security.vulnerability.report; version=1.1';

await run(async (t) => {
  const { page, context } = t;
  // The page's own short date format (the browser's locale), for comparing dates it shows.
  const shortDate = (iso) => page.evaluate((d) =>
    new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(d)), iso);

  await t.step('Administration › Interrogation Services › Vulnerability', async () => {
    await t.openSignedIn('/harbor/projects');
    await page.click('.clr-vertical-nav a[href="/harbor/interrogation-services"]');
    await page.waitForURL(`${BERTH_URL}/harbor/interrogation-services/scanners`);
    await page.click('#interrogation-tab-vulnerability');
    await page.waitForURL(`${BERTH_URL}/harbor/interrogation-services/vulnerability`);
    await page.waitForSelector('#vulnerability-db-missing');
    t.check('"No vulnerability database is installed", with how to get one',
      (await page.textContent('#vulnerability-db-missing')).includes('oras pull ghcr.io/aquasecurity/trivy-db:2'));
    const info = await t.api('/system/vulnerability-database');
    t.check('the API: no database yet', JSON.stringify(info).includes('no vulnerability database is installed'), JSON.stringify(info));
    await t.accessible('the Vulnerability tab without a database');
  });

  await t.step('import db.tar.gz with the upload, progress shown', async () => {
    await page.setInputFiles('#vulnerability-db-file', DB_FILE);
    // A slow link (64 KB/s up) so the upload lasts long enough to watch its progress bar.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions',
      { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    await page.click('#import-db');
    // Wait for the first progress event that reports bytes sent, then look at the bar.
    await page.waitForFunction(() => {
      const p = document.querySelector('#db-upload-progress progress');
      return p && Number(p.getAttribute('value')) > 0;
    }, null, { timeout: 20_000 });
    await page.screenshot({ path: `${OUT_DIR}/02a-upload-in-progress.png`, fullPage: true });
    const seen = await page.evaluate(() => {
      const p = document.querySelector('#db-upload-progress progress');
      return { value: Number(p.getAttribute('value')), text: document.querySelector('#db-upload-progress').innerText };
    });
    console.log(`# progress seen: ${seen.value}% "${seen.text.replace(/\s+/g, ' ').trim()}"`);
    t.check('a progress bar with what is sent (or that Berth is installing it)',
      seen.value > 0 && seen.value <= 100 && /Uploading .* of .*%|checking and installing/.test(seen.text), JSON.stringify(seen));
    await page.waitForSelector('#db-import-result', { timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    const result = (await page.textContent('#db-import-result')).trim();
    const built = await shortDate(DB_UPDATED_AT);
    t.check('"Imported db.tar.gz: version 2, built …"', result.startsWith('Imported db.tar.gz: version 2, built ' + built), result);
    t.check('version 2', (await page.textContent('#db-version')).trim() === '2');
    t.check('"Database updated on" the DB\'s build time (UpdatedAt)', (await page.textContent('#db-updated-on')).trim() === built);
    t.check('the imported time is shown', (await page.textContent('#db-imported')).trim().length > 0);
    const info = await t.api('/system/vulnerability-database');
    t.check('the API: schema 2, updated_at, imported just now',
      info.schema_version === 2 && info.updated_at === DB_UPDATED_AT && Date.now() - Date.parse(info.imported_at) < 120_000,
      JSON.stringify(info));
    const trivy = (await t.api('/scanners')).find((s) => s.url.startsWith('internal://'));
    const meta = await t.api(`/scanners/${trivy.uuid}/metadata`);
    t.check("the scanner's metadata says the same date (Harbor's property)",
      meta.properties?.['harbor.scanner-adapter/vulnerability-database-updated-at'] === DB_UPDATED_AT, JSON.stringify(meta.properties));
    await t.accessible('the Vulnerability tab with a database');
  });

  await t.step('SCAN NOW scans the pushed image', async () => {
    await page.click('#scan');
    await page.waitForFunction(() => document.querySelector('.berth-toasts')?.textContent.includes('Trigger scan all successfully!'));
    t.ok('toast "Trigger scan all successfully!"');
    await page.waitForSelector('#scan-all-progress[data-ongoing="false"] #scan-all-total', { timeout: 30_000 });
    const total = Number((await page.textContent('#scan-all-total')).trim());
    const success = Number((await page.textContent('li[data-status="Success"] .badge').catch(() => '0')).trim());
    t.check('Manual, every image done, all Success', total >= 1 && success === total &&
      (await page.textContent('#scan-all-trigger')).trim() === 'Manual' &&
      (await page.textContent('#scan-all-done')).includes(`${total} of ${total} done`), `total ${total}, success ${success}`);
    t.check('the button reads SCAN NOW again', /scan now/i.test(await page.textContent('#scan')));
    const m = await t.api('/system/scanAll/metrics');
    t.check('the API: the manual run finished, all Success',
      !m.ongoing && m.trigger === 'MANUAL' && m.total === total && m.metrics?.Success === total, JSON.stringify(m));
    const art = await t.api(`/projects/${PROJECT}/repositories/${REPO}/artifacts/${DIGEST}?with_scan_overview=true`);
    const o = art.scan_overview?.[MIME];
    t.check('the API: the image was scanned (Success, Critical)', o?.scan_status === 'Success' && o?.severity === 'Critical', JSON.stringify(o));
    const report = await t.api(`/projects/${PROJECT}/repositories/${REPO}/artifacts/${DIGEST}/additions/vulnerabilities`);
    const ids = [...new Set((report[MIME]?.vulnerabilities ?? []).map((v) => v.id))].sort();
    t.check(`the API: the report's CVE ids are ${EXPECTED.join(', ')}`, JSON.stringify(ids) === JSON.stringify(EXPECTED), JSON.stringify(ids));
    await t.accessible('the Vulnerability tab after a scan');
  });

  await t.step('the artifact page lists the CVEs', async () => {
    const project = await t.api(`/projects/${PROJECT}`);
    const path = `/harbor/projects/${project.project_id}/repositories/${encodeURIComponent(REPO)}/artifacts-tab/artifacts/${DIGEST}`;
    await page.goto(`${BERTH_URL}${path}`);
    await page.waitForSelector('#artifact-vulnerabilities tr[data-cve]', { timeout: 15_000 });
    const shown = await page.$$eval('#artifact-vulnerabilities tr[data-cve]', (rows) => [...new Set(rows.map((r) => r.dataset.cve))].sort());
    t.check(`#artifact-vulnerabilities has a row for each of ${EXPECTED.join(', ')}`,
      EXPECTED.every((id) => shown.includes(id)), JSON.stringify(shown));
    await t.accessible('the artifact page');
  });
});
