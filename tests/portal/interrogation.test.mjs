// Administration › Interrogation Services and Configuration, end to end: the scanner list with
// Berth's built-in Trivy, NEW SCANNER against a real adapter (a wrong token explained, then Test
// passed), SET AS DEFAULT, Deactivate / Enable, Edit (the stored token kept), SCAN NOW through it
// and Stop, one artifact's scan through it stopped (Actions › Stop Scan Vulnerability), Delete; the scan-all schedule (presets, a bad cron refused with Berth's reason,
// Custom, None); a file that is no trivy-db refused in plain words; the system CVE allowlist
// (ADD, remove, expiry, CANCEL).
// Every step checks the page and what the API then holds; axe-core on each page and dialog.
//
// Environment (test_interrogation.sh): BERTH_URL, OUT_DIR, ADAPTER_URL (the fake adapter, token
// s3cret), BAD_DB (a file that is not a tar.gz).
import { run, BERTH_URL, OUT_DIR } from './lib.mjs';

const { ADAPTER_URL, BAD_DB } = process.env;
const ROW = (name) => `tr[data-name="${name}"]`;

await run(async (t) => {
  const { page } = t;
  const scanners = () => t.api('/scanners?page_size=100');
  const byName = async (name) => (await scanners()).find((s) => s.name === name);
  const openAction = async () => {
    await page.click('#action-scanner');
    await page.waitForSelector('berth-action-menu .dropdown-menu');
  };
  const waitRow = (name, text) =>
    page.waitForFunction(([sel, want]) => document.querySelector(sel)?.innerText.includes(want), [ROW(name), text]);

  await t.step('Interrogation Services from the left panel', async () => {
    await t.openSignedIn('/harbor/projects');
    await page.click('.clr-vertical-nav a[href="/harbor/interrogation-services"]');
    await page.waitForURL(`${BERTH_URL}/harbor/interrogation-services/scanners`);
    await page.waitForSelector('h2:text("Interrogation Services")');
    const tabs = await page.$$eval('ul.nav[aria-label="Interrogation Services"] .nav-link', (as) => as.map((a) => a.textContent.trim()));
    t.check('sub-tabs Scanners | Vulnerability (no Security Hub: Berth has no data for it)',
      JSON.stringify(tabs) === '["Scanners","Vulnerability"]', JSON.stringify(tabs));
    t.check('heading "Image Scanners"', await page.isVisible('h4:text("Image Scanners")'));
    const heads = await page.$$eval('#scanner-list thead th:not(.berth-select-cell)', (ths) => ths.map((th) => th.textContent.trim()));
    t.check("Harbor's columns", JSON.stringify(heads) ===
      '["Name","Endpoint","Health","Enabled","Authorization","Vulnerability","SBOM","Description"]', JSON.stringify(heads));
    await waitRow('Trivy', 'Healthy');
    const row = await page.innerText(ROW('Trivy'));
    t.check('Trivy: Default, internal://trivy, Enabled, None, Supported',
      ['Default', 'internal://trivy', 'Enabled', 'None', 'Supported'].every((w) => row.includes(w)), row);
    await page.goto(`${BERTH_URL}/harbor/interrogation-services`);
    await page.waitForURL(`${BERTH_URL}/harbor/interrogation-services/scanners`);
    t.ok('/harbor/interrogation-services opens on Scanners');
    await waitRow('Trivy', 'Healthy');
    await t.accessible('the Scanners tab');
  });

  await t.step('NEW SCANNER: TEST CONNECTION says why, then passes', async () => {
    await page.click('#new-scanner');
    await page.waitForSelector('#scanner-dialog');
    t.check('dialog "Add Scanner"', (await page.textContent('#scanner-dialog .modal-title')).trim() === 'Add Scanner');
    t.check('ADD disabled while empty', await page.isDisabled('#button-add'));
    await page.fill('#scanner-name', 'Trivy');
    t.check('a taken name is caught while typing', (await page.textContent('#scanner-name-error')).includes('Name already exists'));
    await page.fill('#scanner-name', 'fake-adapter');
    await page.fill('#scanner-description', 'the test adapter');
    await page.fill('#scanner-endpoint', 'ftp://x');
    t.check('an endpoint that is not http(s) is refused', (await page.textContent('#scanner-endpoint-error')).includes('illegal'));
    await page.fill('#scanner-endpoint', ADAPTER_URL);
    const auths = await page.$$eval('#scanner-authorization option', (os) => os.map((o) => o.textContent.trim()));
    t.check('Authorization None / Basic / Bearer / APIKey', JSON.stringify(auths) === '["None","Basic","Bearer","APIKey"]', JSON.stringify(auths));
    await page.selectOption('#scanner-authorization', 'Basic');
    t.check('Basic asks for Username and Password', (await page.isVisible('#scanner-username')) && (await page.isVisible('#scanner-password')));
    await page.selectOption('#scanner-authorization', 'APIKey');
    t.check('APIKey asks for the key', await page.isVisible('#scanner-apiKey'));
    await page.selectOption('#scanner-authorization', 'Bearer');
    await page.fill('#scanner-token', 'wrong');
    await page.click('#button-test');
    await page.waitForSelector('#scanner-ping-result');
    let text = (await page.textContent('#scanner-ping-result')).trim();
    t.check('a wrong token: unreachable, and the adapter answered 401', text.includes('is unreachable') && text.includes('401'), text);
    await page.fill('#scanner-token', 's3cret');
    await page.click('#button-test');
    await page.waitForSelector('#scanner-ping-result.alert-success');
    text = (await page.textContent('#scanner-ping-result')).trim();
    t.check('"Test passed"', text === 'Test passed', text);
    await page.check('#scanner-use-inner');
    t.check('Skip certificate verification unchecked by default', !(await page.isChecked('#scanner-skipCertVerify')));
    await t.accessible('the Add Scanner dialog');
    await page.click('#button-add');
    await page.waitForSelector('#scanner-dialog', { state: 'detached' });
    await waitRow('fake-adapter', 'Healthy');
    const row = await page.innerText(ROW('fake-adapter'));
    t.check('listed Healthy, Bearer, Enabled, Supported / Not Supported',
      ['Healthy', 'Bearer', 'Enabled', ADAPTER_URL, 'Supported', 'Not Supported', 'the test adapter'].every((w) => row.includes(w)), row);
    t.check('toast "Successfully added fake-adapter"', (await page.textContent('.berth-toasts')).includes('Successfully added fake-adapter'));
    const s = await byName('fake-adapter');
    t.check('the API holds it: url, Bearer, internal address, not default',
      s && s.url === ADAPTER_URL && s.auth === 'Bearer' && s.use_internal_addr === true && !s.is_default && !s.disabled,
      JSON.stringify(s));
    t.check('the token is never sent back', s && s.access_credential === undefined);
  });

  await t.step('a row opens to the adapter metadata', async () => {
    await page.click(`${ROW('fake-adapter')} .berth-expand`);
    await page.waitForSelector('#scannerMetadata-name');
    const detail = await page.innerText('.berth-detail-row');
    t.check('Name FakeScan, Vendor Berth tests, its mime types',
      detail.includes('FakeScan') && detail.includes('Berth tests') && detail.includes('vulnerability.report'), detail);
  });

  await t.step('SET AS DEFAULT, and back', async () => {
    await page.check(`${ROW('fake-adapter')} input[type=radio]`);
    await page.click('#set-default');
    await waitRow('fake-adapter', 'Default');
    t.check('the API: fake-adapter is the default', (await byName('fake-adapter'))?.is_default === true);
    await openAction();
    t.check('the default cannot be deleted or deactivated',
      (await page.isDisabled('#delete-scanner-action')) && (await page.isDisabled('#change-scanner-state')));
    await page.keyboard.press('Escape');
    await page.check(`${ROW('Trivy')} input[type=radio]`);
    await page.click('#set-default');
    await page.waitForFunction((sel) => !document.querySelector(sel)?.innerText.includes('Default'), ROW('fake-adapter'));
    t.check('the API: Trivy is the default again', (await byName('Trivy'))?.is_default === true && !(await byName('fake-adapter'))?.is_default);
    await openAction();
    t.check("the built-in scanner's Edit, Deactivate and Delete are disabled",
      (await page.isDisabled('#edit-scanner')) && (await page.isDisabled('#change-scanner-state')) && (await page.isDisabled('#delete-scanner-action')));
    await page.keyboard.press('Escape');
  });

  await t.step('Deactivate and Enable', async () => {
    await page.check(`${ROW('fake-adapter')} input[type=radio]`);
    await openAction();
    t.check('the item reads Deactivate', (await page.textContent('#change-scanner-state')).trim() === 'Deactivate');
    await page.click('#change-scanner-state');
    await waitRow('fake-adapter', 'Deactivated');
    t.check('the API: disabled', (await byName('fake-adapter'))?.disabled === true);
    t.check('a deactivated scanner cannot be the default', await page.isDisabled('#set-default'));
    await openAction();
    t.check('the item now reads Enable', (await page.textContent('#change-scanner-state')).trim() === 'Enable');
    await page.click('#change-scanner-state');
    await waitRow('fake-adapter', 'Enabled');
    t.check('the API: enabled again', (await byName('fake-adapter'))?.disabled === false);
  });

  await t.step('Edit keeps the stored token', async () => {
    await openAction();
    await page.click('#edit-scanner');
    await page.waitForSelector('#scanner-dialog');
    t.check('dialog "Edit Scanner" with the name filled in',
      (await page.textContent('#scanner-dialog .modal-title')).trim() === 'Edit Scanner' && (await page.inputValue('#scanner-name')) === 'fake-adapter');
    t.check('SAVE waits for a change', await page.isDisabled('#button-save'));
    t.check('the token field is empty, with a hint', (await page.inputValue('#scanner-token')) === '' &&
      (await page.textContent('#scanner-dialog')).includes('Leave empty to keep the stored credential.'));
    await page.fill('#scanner-description', 'FakeScan on loopback');
    await t.accessible('the Edit Scanner dialog');
    await page.click('#button-save');
    await page.waitForSelector('#scanner-dialog', { state: 'detached' });
    await waitRow('fake-adapter', 'FakeScan on loopback');
    await waitRow('fake-adapter', 'Healthy');
    const s = await byName('fake-adapter');
    t.check('the API holds the description', s?.description === 'FakeScan on loopback', JSON.stringify(s));
    const probed = await t.api(`/scanners/${s?.uuid}`);
    t.check('the token still works (Berth reaches the adapter)', probed.health === 'healthy', JSON.stringify(probed));
  });

  await t.step('SCAN NOW through the slow adapter: progress, then Stop', async () => {
    // With fake-adapter (a minute per scan) as the default, a run lasts long enough to stop.
    await page.check(`${ROW('fake-adapter')} input[type=radio]`);
    await page.click('#set-default');
    await waitRow('fake-adapter', 'Default');
    await page.click('#interrogation-tab-vulnerability');
    await page.waitForSelector('#scan:not([disabled])');
    t.check('the button reads SCAN NOW', /^scan now$/i.test((await page.textContent('#scan')).trim()));
    await page.click('#scan');
    await page.waitForSelector('#scan:has-text("Stop Scan Vulnerability")');
    await page.waitForSelector('#scan-all-progress[data-ongoing="true"]');
    const bar = await page.$eval('#scan-all-progress [role=progressbar]',
      (b) => ({ now: b.getAttribute('aria-valuenow'), max: b.getAttribute('aria-valuemax') }));
    t.check('while it runs: "0 of 1 done" and a progress bar', bar.now === '0' && bar.max === '1' &&
      (await page.textContent('#scan-all-done')).includes('0 of 1 done'), JSON.stringify(bar));
    let m = await t.api('/system/scanAll/metrics');
    t.check('the API: the run is going', m.ongoing === true && m.total === 1, JSON.stringify(m));
    await page.screenshot({ path: `${OUT_DIR}/07a-scan-all-running.png`, fullPage: true });
    await page.click('#scan');
    await page.waitForFunction(() => document.querySelector('.berth-toasts')?.textContent.includes('Trigger stopping scan all successfully!'));
    await page.waitForSelector('#scan-all-progress[data-ongoing="false"]', { timeout: 15_000 });
    t.check('Stopped 1, and the button reads SCAN NOW again',
      (await page.textContent('li[data-status="Stopped"] .badge')).trim() === '1' && /^scan now$/i.test((await page.textContent('#scan')).trim()));
    m = await t.api('/system/scanAll/metrics');
    t.check('the API: the run stopped', !m.ongoing && m.metrics?.Stopped === 1, JSON.stringify(m));
  });

  // The slow adapter is still the default: a scan of library/app:v1 runs a minute, long enough
  // to stop from the artifact list.
  await t.step('an artifact: Scan vulnerability, then Actions › Stop Scan Vulnerability', async () => {
    const project = await t.api('/projects/library');
    const artPath = '/projects/library/repositories/app/artifacts/v1?with_scan_overview=true';
    const overview = async () => Object.values((await t.api(artPath)).scan_overview ?? {})[0] ?? {};
    const before = await overview();
    await page.goto(`${BERTH_URL}/harbor/projects/${project.project_id}/repositories/app/artifacts-tab`);
    const digest = (await t.api(artPath)).digest;
    const row = `#artifact-list tr[data-digest="${digest}"]`;
    await page.waitForSelector(row);
    await page.check(`${row} input[type="checkbox"]`);
    await page.click('#scan-btn');
    await page.waitForSelector(`${row} .berth-vuln-state[data-state="scanning"]`, { timeout: 15_000 });
    const running = await overview();
    t.check('the API: a new scan is Running', running.scan_status === 'Running' && running.report_id !== before.report_id,
      JSON.stringify({ before, running }));
    await page.screenshot({ path: `${OUT_DIR}/07b-artifact-scanning.png`, fullPage: true });
    await page.click('#artifact-list-action');
    t.check('Stop Scan Vulnerability is offered while it runs', await page.isEnabled('#stop-scan'));
    await page.click('#stop-scan');
    await page.waitForFunction(() => document.querySelector('.berth-toasts')?.textContent.includes('Trigger stopping scan successfully'));
    await page.waitForSelector(`${row} .berth-vuln-state[data-state="stopped"]`, { timeout: 15_000 });
    t.check('the row reads "Scan stopped"', (await page.textContent(`${row} .berth-vuln-state`)).trim() === 'Scan stopped');
    const stopped = await overview();
    t.check('the API: scan_overview says Stopped', stopped.scan_status === 'Stopped' && stopped.report_id === running.report_id,
      JSON.stringify(stopped));
    await t.accessible('the artifact list with a stopped scan');
    await page.screenshot({ path: `${OUT_DIR}/07c-artifact-scan-stopped.png`, fullPage: true });
    await page.goto(`${BERTH_URL}/harbor/interrogation-services/scanners`);
    await waitRow('Trivy', 'Healthy');
    await page.check(`${ROW('Trivy')} input[type=radio]`);
    await page.click('#set-default');
    await page.waitForFunction((sel) => !document.querySelector(sel)?.innerText.includes('Default'), ROW('fake-adapter'));
    await page.check(`${ROW('fake-adapter')} input[type=radio]`);
  });

  await t.step('Delete asks first', async () => {
    await openAction();
    await page.click('#delete-scanner-action');
    await page.waitForSelector('#delete-scanner-confirm');
    t.check('"Do you want to delete scanner fake-adapter?"',
      (await page.textContent('#delete-scanner-confirm')).includes('Do you want to delete scanner fake-adapter?'));
    await t.accessible('the delete confirmation');
    await page.click('#delete-scanner-confirm-ok');
    await page.waitForSelector(ROW('fake-adapter'), { state: 'detached' });
    t.check('toast "Successfully deleted"', (await page.textContent('.berth-toasts')).includes('Successfully deleted'));
    t.check('the API no longer has it', !(await byName('fake-adapter')));
  });

  await t.step('Vulnerability: the scan-all schedule', async () => {
    await page.click('#interrogation-tab-vulnerability');
    await page.waitForURL(`${BERTH_URL}/harbor/interrogation-services/vulnerability`);
    await page.waitForSelector('#vulnerability-db-missing');
    t.check('no database yet: says how to get one', (await page.textContent('#vulnerability-db-missing')).includes('oras pull ghcr.io/aquasecurity/trivy-db:2'));
    await page.waitForSelector('#schedule-type');
    t.check('"Schedule to scan all" None', (await page.textContent('berth-cron-schedule')).includes('Schedule to scan all') &&
      (await page.textContent('#schedule-type')).trim() === 'None');
    await page.click('#editSchedule');
    const types = await page.$$eval('#selectPolicy option', (os) => os.map((o) => o.textContent.trim()));
    t.check('None / Hourly / Daily / Weekly / Custom', JSON.stringify(types) === '["None","Hourly","Daily","Weekly","Custom"]', JSON.stringify(types));
    await page.selectOption('#selectPolicy', 'Daily');
    await page.click('#config-save');
    await page.waitForSelector('#schedule-type:text("Daily")');
    let s = (await t.api('/system/scanAll/schedule')).schedule;
    t.check('the API: Daily at 0 0 0 * * *', s.type === 'Daily' && s.cron === '0 0 0 * * *', JSON.stringify(s));
    t.check('the next run is shown', (await page.textContent('#next-scan')).includes('Next scheduled time'));
    await page.click('#editSchedule');
    await page.selectOption('#selectPolicy', 'Custom');
    await page.fill('#targetCron', '0 0 0 * *');
    t.check('five fields: "should be in cron format", SAVE disabled',
      (await page.textContent('#targetCron-help')).includes('cron format') && (await page.isDisabled('#config-save')));
    await page.fill('#targetCron', '0 0 0 * * x');
    await page.click('#config-save');
    await page.waitForSelector('#schedule-error');
    const err = (await page.textContent('#schedule-error')).trim();
    t.check("Berth's reason is shown in the row", err.includes('day of week'), err);
    s = (await t.api('/system/scanAll/schedule')).schedule;
    t.check('the API kept Daily', s.type === 'Daily', JSON.stringify(s));
    await t.accessible('the schedule editor');
    await page.fill('#targetCron', '0 30 2 * * 1');
    await page.click('#config-save');
    await page.waitForSelector('#schedule-cron');
    t.check('Custom with its cron shown', (await page.textContent('#schedule-cron')).trim() === '0 30 2 * * 1');
    s = (await t.api('/system/scanAll/schedule')).schedule;
    t.check('the API: Custom 0 30 2 * * 1', s.type === 'Custom' && s.cron === '0 30 2 * * 1', JSON.stringify(s));
    await page.click('#editSchedule');
    await page.selectOption('#selectPolicy', 'None');
    await page.click('#config-save');
    await page.waitForSelector('#schedule-type:text("None")');
    s = (await t.api('/system/scanAll/schedule')).schedule;
    t.check('the API: None', s.type === 'None', JSON.stringify(s));
    await t.accessible('the Vulnerability tab');
  });

  await t.step('a file that is no trivy-db is refused in plain words', async () => {
    await page.setInputFiles('#vulnerability-db-file', BAD_DB);
    await page.click('#import-db');
    await page.waitForSelector('#db-import-result');
    const text = (await page.textContent('#db-import-result')).trim();
    t.check('"Could not import bad-db.tar.gz: … not a tar.gz archive …"',
      text.startsWith('Could not import bad-db.tar.gz:') && text.includes('not a tar.gz'), text);
    const info = await t.api('/system/vulnerability-database');
    t.check('the API still has no database', JSON.stringify(info).includes('no vulnerability database is installed'), JSON.stringify(info));
  });

  await t.step('Configuration › Security: the system CVE allowlist', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/configs"]');
    await page.waitForURL(`${BERTH_URL}/harbor/configs/security`);
    await page.waitForSelector('#system-allowlist');
    const tabs = await page.$$eval('ul.nav[aria-label="Configuration"] .nav-link', (as) => as.map((a) => a.textContent.trim()));
    t.check('one tab: Security', JSON.stringify(tabs) === '["Security"]', JSON.stringify(tabs));
    const body = await page.textContent('berth-security-config');
    t.check('"Deployment security", "CVE allowlist", list None',
      body.includes('Deployment security') && body.includes('CVE allowlist') && (await page.textContent('#system-allowlist')).includes('None'));
    t.check('SAVE waits for a change', await page.isDisabled('#security_save'));
    await page.click('#show-add-modal-button');
    await page.fill('#allowlist-textarea', 'CVE-2024-0001, CVE-2024-0002\nCVE-2024-0001');
    await page.click('#add-to-system');
    let ids = await page.$$eval('#system-allowlist li[data-cve]', (lis) => lis.map((l) => l.dataset.cve));
    t.check('commas and new lines split, duplicates dropped', JSON.stringify(ids) === '["CVE-2024-0001","CVE-2024-0002"]', JSON.stringify(ids));
    await t.accessible('the Security tab');
    await page.click('#security_save');
    // Saved: the button is disabled and no longer spinning.
    await page.waitForFunction(() => document.querySelector('#security_save')?.disabled && !document.querySelector('#security_save .spinner'));
    let a = await t.api('/system/CVEAllowlist');
    t.check('the API holds both, never expiring',
      JSON.stringify(a.items.map((i) => i.cve_id)) === '["CVE-2024-0001","CVE-2024-0002"]' && !a.expires_at, JSON.stringify(a));
    await page.click('button[aria-label="Remove CVE-2024-0002"]');
    await page.uncheck('#neverExpires');
    await page.click('#security_save');
    await page.waitForSelector('#security-error');
    t.check('no date chosen: says so', (await page.textContent('#security-error')).includes('Choose the date'));
    await page.fill('#allowlist-expires', '2099-01-31');
    await page.click('#security_save');
    await page.waitForFunction(() => document.querySelector('#security_save')?.disabled && !document.querySelector('#security_save .spinner') && !document.querySelector('#security-error'));
    a = await t.api('/system/CVEAllowlist');
    const want = Math.floor(new Date('2099-01-31T00:00:00').getTime() / 1000);
    t.check('the API: one CVE, expiring 2099-01-31', JSON.stringify(a.items.map((i) => i.cve_id)) === '["CVE-2024-0001"]' &&
      a.expires_at === want, JSON.stringify(a));
    await page.click('#show-add-modal-button');
    await page.fill('#allowlist-textarea', 'CVE-2024-0009');
    await page.click('#add-to-system');
    await page.click('#security_cancel');
    ids = await page.$$eval('#system-allowlist li[data-cve]', (lis) => lis.map((l) => l.dataset.cve));
    t.check('CANCEL goes back to what is saved', JSON.stringify(ids) === '["CVE-2024-0001"]', JSON.stringify(ids));
  });

  await t.step("Configuration's other Harbor tabs say where Berth keeps them", async () => {
    await page.goto(`${BERTH_URL}/harbor/configs/auth`);
    await page.waitForSelector('#config-not-here');
    t.check("/harbor/configs/auth says where Berth's settings live", (await page.textContent('#config-not-here')).includes('berth.yml'));
  });
});
