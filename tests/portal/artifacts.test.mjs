// The repository and artifact pages end to end: Repositories tab (list, filter, PUSH COMMAND,
// delete), Info (edit the description), the artifact table (pull commands, Copy Digest, scan with
// its progress and vulnerability bar, delete), the artifact page (Tags ADD/REMOVE, Overview,
// Vulnerabilities rows, Build History, Layers, Accessories) and an index's children. Each step
// checks the page and what the API holds; axe on every page and dialog.
//
// Environment (test_artifacts.sh): BERTH_URL, BERTH_HOST, OUT_DIR, DEB_DIGEST (an image with
// findings), APP_DIGEST (an image with a cosign signature SIG_DIGEST), INDEX_DIGEST (library/multi:m1)
// and its amd64 child CHILD_AMD.
import { run, BERTH_URL } from './lib.mjs';

const { BERTH_HOST, DEB_DIGEST, APP_DIGEST, SIG_DIGEST, INDEX_DIGEST, CHILD_AMD } = process.env;
const MIME = 'application/vnd.security.vulnerability.report; version=1.1';
const art = (repo, ref) => `/projects/library/repositories/${encodeURIComponent(encodeURIComponent(repo))}/artifacts/${ref}`;
const short = (d) => d.slice(0, 15);

await run(async (t) => {
  const { page, context } = t;
  const project = await t.api('/projects/library');
  const repoUrl = (repo, rest = 'artifacts-tab') =>
    `${BERTH_URL}/harbor/projects/${project.project_id}/repositories/${encodeURIComponent(repo)}/${rest}`;
  const row = (digest) => `#artifact-list tr[data-digest="${digest}"]`;

  await t.step('Repositories tab: list, filter, PUSH COMMAND', async () => {
    await t.openSignedIn(`/harbor/projects/${project.project_id}/repositories`);
    await page.waitForSelector('#repository-list tr[data-name="library/multi"]');
    const names = await page.$$eval('#repository-list tbody tr', (rs) => rs.map((r) => r.dataset.name));
    t.check('lists library/app, library/deb, library/multi', ['library/app', 'library/deb', 'library/multi'].every((n) => names.includes(n)), JSON.stringify(names));
    t.check('the Repositories tab is the active one', (await page.textContent('#project-tab-repositories.active'))?.trim() === 'Repositories');
    await page.fill('input[aria-label="Filter Repositories"]', 'mul');
    await page.waitForFunction(() => document.querySelectorAll('#repository-list tbody tr').length === 1);
    t.check('filter "mul" leaves library/multi', !!(await page.$('#repository-list tr[data-name="library/multi"]')));
    await page.click('#push-command');
    await page.waitForSelector('.berth-push-panel');
    const cmds = await page.$$eval('.berth-push-panel code', (cs) => cs.map((c) => c.textContent.trim()));
    t.check('PUSH COMMAND: docker tag / docker push with this registry and project',
      cmds.includes(`docker push ${BERTH_HOST}/library/REPOSITORY[:TAG]`) && cmds.some((c) => c.startsWith('docker tag SOURCE_IMAGE[:TAG]')), JSON.stringify(cmds));
    await page.click('.berth-push-panel button[role="tab"]:text("Helm")');
    t.check('Helm tab: helm push … oci://host/library',
      (await page.textContent('.berth-push-panel')).includes(`helm push CHART_PACKAGE oci://${BERTH_HOST}/library`));
    await t.accessible('the Repositories tab with PUSH COMMAND open');
    await page.keyboard.press('Escape');
    await page.fill('input[aria-label="Filter Repositories"]', '');
  });

  await t.step('Info tab: EDIT the description, SAVE', async () => {
    await page.goto(repoUrl('app', 'info-tab'));
    await page.waitForSelector('#repo-info-edit');
    t.check('"No description for this repo." at first', (await page.textContent('berth-repository-info')).includes('No description for this repo.'));
    await page.click('#repo-info-edit');
    await page.fill('#repo-description', 'The app image.\nBuilt by CI.');
    await t.accessible('the Info tab while editing');
    await page.click('#repo-info-save');
    await page.waitForSelector('#repo-description-text');
    t.check('the page shows the description', (await page.textContent('#repo-description-text')).includes('Built by CI.'));
    const r = await t.api('/projects/library/repositories/app');
    t.check('the API holds it', r.description === 'The app image.\nBuilt by CI.', JSON.stringify(r));
  });

  await t.step('artifact table: columns, pull commands, Copy Digest', async () => {
    await page.click('#repo-image');
    await page.waitForURL(repoUrl('app'));
    await page.waitForSelector(row(APP_DIGEST));
    const heads = await page.$$eval('#artifact-list thead th', (ths) => ths.map((th) => th.textContent.trim()).filter((h) => h && h !== 'Select'));
    t.check("Harbor's columns", JSON.stringify(heads) === JSON.stringify(
      ['Artifacts', 'Pull Command', 'Tags', 'Size', 'Vulnerabilities', 'Labels', 'Push Time', 'Pull Time']), JSON.stringify(heads));
    t.check('one artifact (the signature is not listed as one)', (await page.$$('#artifact-list tbody tr')).length === 1);
    const cells = await page.$$eval(`${row(APP_DIGEST)} td`, (tds) => tds.map((td) => td.textContent.trim()));
    t.check('digest, tag v1, size, Not Scanned', cells[1] === short(APP_DIGEST) && cells[3] === 'v1' && /KiB$/.test(cells[4]) && cells[5] === 'Not Scanned', JSON.stringify(cells));
    await page.click(`${row(APP_DIGEST)} .berth-pull-btn`);
    const cmds = await page.$$eval(`${row(APP_DIGEST)} .berth-pull-panel code`, (cs) => cs.map((c) => c.textContent.trim()));
    t.check('pull by tag and by digest', JSON.stringify(cmds) === JSON.stringify(
      [`docker pull ${BERTH_HOST}/library/app:v1`, `docker pull ${BERTH_HOST}/library/app@${APP_DIGEST}`]), JSON.stringify(cmds));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BERTH_URL });
    await page.click(`${row(APP_DIGEST)} .berth-pull-panel button[aria-label="Copy By tag v1"]`);
    t.check('copied the by-tag command', (await page.evaluate(() => navigator.clipboard.readText())) === `docker pull ${BERTH_HOST}/library/app:v1`);
    await page.keyboard.press('Escape');
    await page.check(`${row(APP_DIGEST)} input[type="checkbox"]`);
    await page.click('#artifact-list-action');
    await page.click('#artifact-list-copy-digest');
    await page.waitForSelector('#copy-digest-dialog');
    t.check('Copy Digest shows the digest', (await page.inputValue('#copy-digest-text')) === APP_DIGEST);
    await t.accessible('the Copy Digest dialog');
    await page.click('#copy-digest-ok');
    await page.waitForSelector('#copy-digest-dialog', { state: 'detached' });
    t.check('the digest is on the clipboard', (await page.evaluate(() => navigator.clipboard.readText())) === APP_DIGEST);
    await t.accessible('the artifact table');
  });

  let overview;
  await t.step('Scan vulnerability: progress, then the bar, without reloading', async () => {
    await page.goto(repoUrl('deb'));
    await page.waitForSelector(row(DEB_DIGEST));
    t.check('"Not Scanned" before', (await page.textContent(`${row(DEB_DIGEST)} .berth-vuln-state`)).trim() === 'Not Scanned');
    await page.evaluate(() => (window.__sameDocument = true));
    t.check('Scan vulnerability disabled until a row is selected', await page.isDisabled('#scan-btn'));
    await page.check(`${row(DEB_DIGEST)} input[type="checkbox"]`);
    await page.click('#scan-btn');
    const seen = await page.waitForSelector(`${row(DEB_DIGEST)} .berth-vuln-state`).then((e) => e.getAttribute('data-state'));
    t.check('the row shows the scan at once (Queued or Scanning)', ['queued', 'scanning', 'success'].includes(seen), seen);
    await page.waitForSelector(`${row(DEB_DIGEST)} .berth-vuln-state[data-state="success"]`, { timeout: 60_000 });
    t.check('same page (polled, not reloaded)', await page.evaluate(() => window.__sameDocument === true));
    const a = await t.api(`${art('deb', DEB_DIGEST)}?with_scan_overview=true`);
    overview = a.scan_overview?.[MIME];
    t.check('the API: scan Success with findings', overview?.scan_status === 'Success' && overview.summary.total > 0, JSON.stringify(overview));
    const counts = (await page.textContent(`${row(DEB_DIGEST)} .berth-vuln-counts`)).trim();
    t.check('"<n> Total - <m> Fixable" as the API counts', counts === `${overview.summary.total} Total - ${overview.summary.fixable} Fixable`, counts);
    t.check('badge letter of the worst severity', (await page.textContent(`${row(DEB_DIGEST)} .berth-sev-badge`)).trim() === overview.severity[0]);
    await page.hover(`${row(DEB_DIGEST)} .berth-vuln-counts`);
    await page.waitForSelector(`${row(DEB_DIGEST)} .berth-vuln-tooltip`, { state: 'visible' });
    const tip = await page.textContent(`${row(DEB_DIGEST)} .berth-vuln-tooltip`);
    t.check('tooltip: "Vulnerability Severity: <worst>"', tip.includes(`Vulnerability Severity: ${overview.severity}`), tip);
    const bars = await page.$$eval(`${row(DEB_DIGEST)} .berth-histogram-row`, (rs) => Object.fromEntries(rs.map((r) => [r.dataset.severity, Number(r.querySelector('.berth-histogram-count').textContent)])));
    const want = Object.fromEntries(['Critical', 'High', 'Medium', 'Low', 'None'].map((s) => [s, overview.summary.summary[s] ?? 0]));
    t.check('tooltip: one bar per severity with the API counts', JSON.stringify(bars) === JSON.stringify(want), `${JSON.stringify(bars)} vs ${JSON.stringify(want)}`);
    t.check('Stop Scan Vulnerability disabled once done', await page.click('#artifact-list-action').then(() => page.isDisabled('#stop-scan')));
    await t.accessible('the artifact table with the vulnerability tooltip');
    await page.keyboard.press('Escape');
  });

  await t.step('artifact page: Vulnerabilities rows', async () => {
    await page.click(`${row(DEB_DIGEST)} a.berth-digest`);
    await page.waitForSelector('#artifact-vulnerabilities tr[data-cve]');
    const report = (await t.api(`${art('deb', DEB_DIGEST)}/additions/vulnerabilities`))[MIME];
    const apiIds = [...new Set(report.vulnerabilities.map((v) => v.id))].sort();
    const pageIds = [...new Set(await page.$$eval('#artifact-vulnerabilities tr[data-cve]', (rs) => rs.map((r) => r.dataset.cve)))].sort();
    t.check('one row per finding, the CVE ids the API reports', JSON.stringify(pageIds) === JSON.stringify(apiIds), `${pageIds} vs ${apiIds}`);
    t.check('as many rows as findings', (await page.$$('#artifact-vulnerabilities tr[data-cve]')).length === report.vulnerabilities.length);
    const v = report.vulnerabilities.find((x) => x.id === 'CVE-2098-0001');
    const cells = await page.$$eval('#artifact-vulnerabilities tr[data-cve="CVE-2098-0001"] td', (tds) => tds.map((td) => td.textContent.trim()));
    t.check('CVE-2098-0001: severity, package, versions as the API', cells[1].endsWith(v.severity) && cells[3] === v.package && cells[4] === v.version && cells[5] === v.fix_version, JSON.stringify(cells));
    t.check('the CVE id links to its advisory',
      (await page.getAttribute('#artifact-vulnerabilities tr[data-cve="CVE-2098-0001"] a', 'href')) === v.links[0]);
    t.check('worst first', (await page.textContent('#artifact-vulnerabilities tbody tr:first-child td:nth-child(2)')).trim().endsWith(report.severity));
    t.check('"Scan vulnerability" on the tab', await page.isVisible('#scan-btn'));
    await t.accessible('the artifact page, Vulnerabilities');
  });

  await t.step('artifact page: ADD TAG and REMOVE TAG', async () => {
    await page.goto(repoUrl('app', `artifacts-tab/artifacts/${APP_DIGEST}`));
    await page.waitForSelector('#artifact-tags tr[data-tag="v1"]');
    await page.click('#new-tag');
    await page.fill('#name', 'v1');
    await page.click('#add-ok');
    await page.waitForSelector('#name-error');
    t.check('"Tag already exists under the repository"', (await page.textContent('#name-error')).trim() === 'Tag already exists under the repository');
    await page.fill('#name', 'release-2');
    await t.accessible('the ADD TAG form');
    await page.click('#add-ok');
    await page.waitForSelector('#artifact-tags tr[data-tag="release-2"]');
    let tags = (await t.api(`${art('app', APP_DIGEST)}/tags`)).map((x) => x.name).sort();
    t.check('the API holds v1 and release-2', JSON.stringify(tags) === '["release-2","v1"]', JSON.stringify(tags));
    await page.check('#artifact-tags tr[data-tag="release-2"] input[type="checkbox"]');
    await page.click('#delete-tag');
    await page.waitForSelector('#delete-tag-confirm');
    t.check('confirmation names the tag', (await page.textContent('#delete-tag-confirm')).includes('Do you want to delete tag release-2?'));
    await t.accessible('the REMOVE TAG confirmation');
    await page.click('#delete-tag-confirm-ok');
    await page.waitForSelector('#artifact-tags tr[data-tag="release-2"]', { state: 'detached' });
    tags = (await t.api(`${art('app', APP_DIGEST)}/tags`)).map((x) => x.name);
    t.check('the API holds v1 only', JSON.stringify(tags) === '["v1"]', JSON.stringify(tags));
  });

  await t.step('artifact page: Overview, Build History, Layers, Accessories', async () => {
    const a = await t.api(art('app', APP_DIGEST));
    t.check('Overview: digest, type, architecture', (await page.textContent('#artifact-overview dd[data-key="Digest"]')).trim() === APP_DIGEST &&
      (await page.textContent('#artifact-overview dd[data-key="Architecture"]')).trim() === a.extra_attrs.architecture);
    await page.click('#build-history');
    await page.waitForSelector('#build-history tbody tr td:not(.berth-empty)');
    const history = await t.api(`${art('app', APP_DIGEST)}/additions/build_history`);
    t.check('Build History: one row per config history entry', (await page.$$('#build-history tbody tr')).length === history.length && history.length > 0, JSON.stringify(history));
    await t.accessible('Build History');
    await page.click('#layers');
    await page.waitForSelector('#artifact-layers tbody tr[data-digest]');
    const layers = await t.api(`${art('app', APP_DIGEST)}/additions/layers`);
    const pageLayers = await page.$$eval('#artifact-layers tbody tr[data-digest]', (rs) => rs.map((r) => r.dataset.digest));
    t.check('Layers: the manifest layers in order', JSON.stringify(pageLayers) === JSON.stringify(layers.map((l) => l.digest)) && layers.length === 2, JSON.stringify(layers));
    await t.accessible('Layers');
    await page.click('#accessories');
    await page.waitForSelector(`#artifact-accessories tr[data-digest="${SIG_DIGEST}"]`);
    t.check('Accessories: the cosign signature', (await page.textContent(`#artifact-accessories tr[data-digest="${SIG_DIGEST}"]`)).includes('Signature (Cosign)'));
    const acc = await t.api(`${art('app', APP_DIGEST)}/accessories`);
    t.check('the API lists it as signature.cosign', acc.length === 1 && acc[0].type === 'signature.cosign' && acc[0].digest === SIG_DIGEST, JSON.stringify(acc));
    await t.accessible('Accessories');
  });

  await t.step("index: the children at depth, OS/ARCH, breadcrumb", async () => {
    await page.goto(repoUrl('multi'));
    await page.waitForSelector(`${row(INDEX_DIGEST)} a.berth-index-link`);
    await page.click(`${row(INDEX_DIGEST)} a.berth-index-link`);
    await page.waitForURL(repoUrl('multi', `artifacts-tab/depth/${INDEX_DIGEST}`));
    await page.waitForSelector(row(CHILD_AMD));
    const platforms = await page.$$eval('#artifact-list tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent.trim()).sort());
    t.check('two children, linux/amd64 and linux/arm64', JSON.stringify(platforms) === '["linux/amd64","linux/arm64"]', JSON.stringify(platforms));
    t.check('the title is the index digest', (await page.textContent('.berth-repo-title')).trim() === short(INDEX_DIGEST));
    await t.accessible("the index's children");
    await page.click(`${row(CHILD_AMD)} a.berth-digest`);
    await page.waitForSelector('#artifact-overview');
    const bc = await page.$$eval('.berth-breadcrumb a', (as) => as.map((a) => a.textContent.trim()));
    t.check('breadcrumb < Projects < library < multi < index', JSON.stringify(bc) === JSON.stringify(['< Projects', '< library', '< multi', `< ${short(INDEX_DIGEST)}`]), JSON.stringify(bc));
    await page.click(`.berth-breadcrumb a:text("< multi")`);
    await page.waitForSelector(row(INDEX_DIGEST));
    t.ok('back at the repository');
  });

  await t.step('Actions › Delete an artifact, then Delete the repository', async () => {
    await page.check(`${row(INDEX_DIGEST)} input[type="checkbox"]`);
    await page.click('#artifact-list-action');
    await page.click('#artifact-list-delete');
    await page.waitForSelector('#delete-artifact-confirm');
    t.check('confirmation names the artifact', (await page.textContent('#delete-artifact-confirm')).includes(`Do you want to delete artifact ${short(INDEX_DIGEST)}?`));
    await t.accessible('the artifact deletion confirmation');
    await page.click('#delete-artifact-confirm-ok');
    await page.waitForSelector(row(INDEX_DIGEST), { state: 'detached' });
    t.check('"We couldn\'t find any artifacts!"', (await page.textContent('#artifact-list tbody')).includes("We couldn't find any artifacts!"));
    const gone = await t.api(art('multi', INDEX_DIGEST));
    t.check('the API: the index is gone', gone?.errors?.[0]?.code === 'NOT_FOUND', JSON.stringify(gone));
    await page.click('.berth-breadcrumb a:text("< library")');
    await page.waitForSelector('#repository-list tr[data-name="library/multi"]');
    await page.check('#repository-list tr[data-name="library/multi"] input[type="checkbox"]');
    await page.click('#repo-delete');
    await page.waitForSelector('#delete-repository-confirm');
    t.check('confirmation names the repository', (await page.textContent('#delete-repository-confirm')).includes('Do you want to delete repository library/multi?'));
    await page.click('#delete-repository-confirm-ok');
    await page.waitForSelector('#repository-list tr[data-name="library/multi"]', { state: 'detached' });
    const repos = (await t.api('/projects/library/repositories')).map((r) => r.name).sort();
    t.check('the API: library/multi is gone', JSON.stringify(repos) === '["library/app","library/deb"]', JSON.stringify(repos));
  });
});
