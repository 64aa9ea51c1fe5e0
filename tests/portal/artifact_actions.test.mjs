// The artifact table's actions end to end: the Type / Tags / Label filter (the page's rows match
// what the API answers for the same q=), Add Labels on two artifacts at once (and a failure
// listed per artifact), Copy into another project (the copy is in the API with its tags), a row
// with a signature expanding to its accessories, and a Delete confirmation that lists the tags of
// each digest. axe on each new dialog.
//
// Environment (test_artifact_actions.sh): BERTH_URL, OUT_DIR, APP (library/app:v1 and :v1b, with
// the cosign signature SIG), APP2 (untagged image), CHART (library/app:demo-0.1.0).
import { run, BERTH_URL, OUT_DIR } from './lib.mjs';

const { APP, APP2, CHART, SIG } = process.env;
const A = '/projects/library/repositories/app/artifacts';
const short = (d) => d.slice(0, 15);
const sorted = (xs) => [...xs].sort().join(' ');

await run(async (t) => {
  const { page } = t;
  const project = await t.api('/projects/library');
  const url = `/harbor/projects/${project.project_id}/repositories/app/artifacts-tab`;
  const row = (d) => `#artifact-list > tbody > tr[data-digest="${d}"]`;
  const shown = () => page.$$eval('#artifact-list > tbody > tr[data-digest]', (rs) => rs.map((r) => r.dataset.digest));
  // Waits until the table shows exactly these digests.
  const waitRows = async (digests) => {
    const want = sorted(digests);
    await page.waitForFunction((w) => [...document.querySelectorAll('#artifact-list > tbody > tr[data-digest]')]
      .map((r) => r.dataset.digest).sort().join(' ') === w, want).catch(() => {});
    return sorted(await shown()) === want;
  };
  const apiDigests = async (q) => sorted((await t.api(`${A}?q=${encodeURIComponent(q)}`)).map((a) => a.digest));
  const select = async (...digests) => {
    for (const d of await shown()) {
      const box = `${row(d)} input[type=checkbox]`;
      if ((await page.isChecked(box)) !== digests.includes(d)) await page.click(box);
    }
  };
  const action = async (id) => {
    await page.click('#artifact-list-action');
    await page.click(id);
  };
  // The dialogs close before a step ends (when its screenshot is taken): one of each while open.
  const shot = (name) => page.screenshot({ path: `${OUT_DIR}/dialog-${name}.png` }).catch(() => {});
  const labels = await t.api('/labels?scope=g');
  const prod = labels.find((l) => l.name === 'prod');

  await t.step('filter by Type', async () => {
    await t.openSignedIn(url);
    await page.waitForSelector(row(APP));
    t.check('all three top-level artifacts at first', await waitRows([APP, APP2, CHART]), JSON.stringify(await shown()));
    await page.selectOption('#artifact-filter-kind', 'type');
    await page.selectOption('#artifact-filter-type', 'CHART');
    t.check('Type CHART: the chart only', await waitRows([CHART]), JSON.stringify(await shown()));
    t.check('the API agrees (q=type=CHART)', (await apiDigests('type=CHART')) === CHART);
    await page.selectOption('#artifact-filter-type', 'IMAGE');
    t.check('Type IMAGE: the two images', await waitRows([APP, APP2]), JSON.stringify(await shown()));
    t.check('the API agrees (q=type=IMAGE)', (await apiDigests('type=IMAGE')) === sorted([APP, APP2]));
    const types = await page.$$eval('#artifact-filter-type option', (os) => os.map((o) => o.textContent.trim()));
    t.check('Type offers IMAGE, CHART, CNAB, WASM', ['IMAGE', 'CHART', 'CNAB', 'WASM'].every((x) => types.includes(x)), JSON.stringify(types));
    await t.accessible('the artifact table filtered by type');
  });

  await t.step('filter by Tags: untagged, tagged, free text', async () => {
    await page.selectOption('#artifact-filter-kind', 'tags');
    t.check('back to every artifact', await waitRows([APP, APP2, CHART]));
    await page.selectOption('#artifact-filter-tags', 'nil');
    t.check('Untagged: the untagged image', await waitRows([APP2]), JSON.stringify(await shown()));
    await page.selectOption('#artifact-filter-tags', '*');
    t.check('Tagged: v1 and the chart', await waitRows([APP, CHART]), JSON.stringify(await shown()));
    await page.selectOption('#artifact-filter-tags', '');
    await page.fill('#artifact-filter-text', 'v1b');
    t.check('free text "v1b": the image tagged v1, v1b', await waitRows([APP]), JSON.stringify(await shown()));
    await page.fill('#artifact-filter-text', '');
    t.check('cleared: every artifact', await waitRows([APP, APP2, CHART]));
  });

  await t.step('Add Labels to two artifacts at once', async () => {
    await select(APP, APP2);
    await action('#artifact-list-add-labels');
    await page.waitForSelector('#add-labels-dialog input[data-label="qa"]');
    t.check('the dialog names both', (await page.textContent('#add-labels-dialog')).includes('Add labels to 2 artifacts'));
    const names = await page.$$eval('#add-labels-list input', (is) => is.map((i) => i.dataset.label));
    t.check('project and global labels offered', names.includes('qa') && names.includes('prod'), JSON.stringify(names));
    await t.accessible('the Add Labels dialog');
    await page.check('#add-labels-dialog input[data-label="qa"]');
    await page.check('#add-labels-dialog input[data-label="prod"]');
    await page.click('#add-labels-ok');
    await page.waitForSelector('#add-labels-dialog', { state: 'detached' });
    await page.waitForSelector('.berth-toast[data-kind="success"]');
    t.check('success toast', (await page.textContent('.berth-toast[data-kind="success"]')).includes('Added the labels to 2 artifacts'));
    await page.waitForFunction((d) => document.querySelector(`#artifact-list > tbody > tr[data-digest="${d}"]`)?.textContent.includes('qa'), APP2);
    for (const d of [APP, APP2]) {
      const cell = await page.textContent(row(d));
      t.check(`${short(d)} shows prod and qa`, cell.includes('prod') && cell.includes('qa'));
      const a = await t.api(`${A}/${d}?with_label=true`);
      t.check(`the API holds both labels on ${short(d)}`, sorted((a.labels ?? []).map((l) => l.name)) === 'prod qa', JSON.stringify(a.labels));
    }
  });

  await t.step('Add Labels: a failure is listed per artifact', async () => {
    const res = await t.api('/labels', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'gone', scope: 'g' }) });
    const all = await t.api('/labels?scope=g');
    const gone = all.find((l) => l.name === 'gone');
    t.check('label "gone" made through the API', !!gone, JSON.stringify(res));
    await select(APP, APP2);
    await action('#artifact-list-add-labels');
    await page.waitForSelector('#add-labels-dialog input[data-label="gone"]');
    await t.api(`/labels/${gone.id}`, { method: 'DELETE' });
    await page.check('#add-labels-dialog input[data-label="gone"]');
    await page.click('#add-labels-ok');
    await page.waitForSelector('#add-labels-failures');
    const text = await page.textContent('#add-labels-failures');
    t.check('one line per artifact, in plain words',
      text.includes(`${short(APP)}: could not add label gone`) && text.includes(`${short(APP2)}: could not add label gone`) && text.includes('not found'), text);
    await t.accessible('the Add Labels dialog with its errors');
    await shot('add-labels-errors');
    await page.click('#add-labels-cancel');
    await page.waitForSelector('#add-labels-dialog', { state: 'detached' });
  });

  await t.step('filter by Label', async () => {
    await page.selectOption('#artifact-filter-kind', 'labels');
    await page.waitForSelector('#artifact-filter-label');
    await page.selectOption('#artifact-filter-label', String(prod.id));
    t.check('Label prod: both labelled images', await waitRows([APP, APP2]), JSON.stringify(await shown()));
    t.check('the API agrees (q=labels=(id))', (await apiDigests(`labels=(${prod.id})`)) === sorted([APP, APP2]));
    await page.selectOption('#artifact-filter-kind', 'tags');
    t.check('back to every artifact', await waitRows([APP, APP2, CHART]));
  });

  await t.step('Copy into another project', async () => {
    await select(APP);
    await action('#artifact-list-copy');
    await page.waitForSelector('#copy-artifact-dialog #project-name');
    t.check('Repository starts as this repository', (await page.inputValue('#repo-name')) === 'app');
    t.check('Confirm disabled without a project', await page.isDisabled('#copy-artifact-ok'));
    await t.accessible('the Copy dialog');
    await page.fill('#project-name', 'nosuch');
    await page.click('#copy-artifact-ok');
    await page.waitForSelector('#copy-artifact-error');
    await shot('copy-error');
    t.check('an unknown project is refused in the dialog', (await page.textContent('#copy-artifact-error')).includes('not found'),
      await page.textContent('#copy-artifact-error'));
    await page.fill('#project-name', 'tar');
    await page.waitForSelector('#copy-project-options option[value="target"]', { state: 'attached' });
    t.ok('typing "tar" offers the project target');
    await page.fill('#project-name', 'target');
    await page.fill('#repo-name', 'app-copy');
    await page.click('#copy-artifact-ok');
    await page.waitForSelector('#copy-artifact-dialog', { state: 'detached' });
    await page.waitForFunction(() => [...document.querySelectorAll('.berth-toast')].some((e) => e.textContent.includes('Copy artifact successfully')));
    t.ok('toast "Copy artifact successfully"');
    const copy = await t.api('/projects/target/repositories/app-copy/artifacts/v1');
    t.check('the API holds the copy with the same digest', copy.digest === APP, JSON.stringify(copy));
    t.check('its tags came along', sorted((copy.tags ?? []).map((x) => x.name)) === 'v1 v1b', JSON.stringify(copy.tags));
    const target = await t.api('/projects/target');
    await page.goto(`${BERTH_URL}/harbor/projects/${target.project_id}/repositories/app-copy/artifacts-tab`);
    await page.waitForSelector(row(APP));
    t.check('the copy appears in the target repository', (await page.textContent(row(APP))).includes('v1b'));
  });

  await t.step('a row with a signature expands to its accessories', async () => {
    await page.goto(`${BERTH_URL}${url}`);
    await page.waitForSelector(`${row(APP)} .berth-expand`);
    t.check('rows without accessories have no caret', !(await page.$(`${row(APP2)} .berth-expand`)));
    await page.click(`${row(APP)} .berth-expand`);
    await page.waitForSelector(`tr.berth-accessory-row[data-subject="${APP}"] tr[data-digest="${SIG}"]`);
    const sub = await page.textContent(`tr.berth-accessory-row[data-subject="${APP}"]`);
    t.check('the sub-table shows the cosign signature', sub.includes(short(SIG)) && sub.includes('Signature (Cosign)'), sub);
    t.check('the caret says it is open', (await page.getAttribute(`${row(APP)} .berth-expand`, 'aria-expanded')) === 'true');
    await t.accessible('the artifact table with an open accessory row');
  });

  await t.step('Delete says which tags go with each digest', async () => {
    await select(APP, APP2);
    await action('#artifact-list-delete');
    await page.waitForSelector('#delete-artifact-details');
    const one = await page.textContent(`#delete-artifact-details li[data-digest="${APP}"]`);
    const two = await page.textContent(`#delete-artifact-details li[data-digest="${APP2}"]`);
    const tags = await page.textContent(`#delete-artifact-details li[data-digest="${APP}"] strong`);
    t.check(`${short(APP)}: tags v1, v1b and its accessory`, sorted(tags.split(', ')) === 'v1 v1b' && one.includes('1 accessory'), one);
    t.check(`${short(APP2)}: no tags`, two.includes('no tags'), two);
    await t.accessible('the Delete confirmation');
    await shot('delete-confirmation');
    await page.click('#delete-artifact-confirm-cancel');
    await select(APP2);
    await action('#artifact-list-delete');
    await page.click('#delete-artifact-confirm-ok');
    t.check('the deleted row leaves the table', await waitRows([APP, CHART]), JSON.stringify(await shown()));
    const left = await t.api(A);
    t.check('the API no longer has it', !left.some((a) => a.digest === APP2) && left.some((a) => a.digest === APP), JSON.stringify(left.map((a) => a.digest)));
  });
});
