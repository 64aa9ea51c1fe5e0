// The repository's Tags view end to end (harbor-portal.md §4.4): the Artifacts | Tags switch,
// the columns, sort by Tag, Push Time and Pull Time, the filter, paging with Harbor's page size, the digest
// link to the artifact page and the tag's pull command. Each step compares the rows on screen
// with what Berth's GET .../repositories/app/tags answers for the same query; axe on the view.
//
// Environment (test_tag_view.sh): BERTH_URL, BERTH_HOST, OUT_DIR; library/app holds v1, v2
// (two images) and t01 … t15 (on v1), pushed in that order.
import { run, BERTH_URL } from './lib.mjs';

const { BERTH_HOST } = process.env;
const TAGS = '/projects/library/repositories/app/tags';

await run(async (t) => {
  const { page, context } = t;
  const project = await t.api('/projects/library');
  const base = `${BERTH_URL}/harbor/projects/${project.project_id}/repositories/app`;
  const shown = () => page.$$eval('#tag-list tbody tr[data-tag]', (rs) => rs.map((r) => r.dataset.tag));
  const apiNames = async (q) => (await t.api(`${TAGS}?${q}`)).map((x) => x.name);
  // Waits until the table shows exactly `names` (the list reloads after a click or a key).
  const waitRows = (names) =>
    page.waitForFunction((want) => {
      const got = [...document.querySelectorAll('#tag-list tbody tr[data-tag]')].map((r) => r.dataset.tag);
      return JSON.stringify(got) === JSON.stringify(want);
    }, names);

  await t.step('the Artifacts | Tags switch opens the Tags view', async () => {
    await t.openSignedIn(`/harbor/projects/${project.project_id}/repositories/app/artifacts-tab`);
    await page.waitForSelector('#artifact-list tbody tr[data-digest]');
    const labels = await page.$$eval('.berth-view-switch a', (as) => as.map((a) => a.textContent.trim()));
    t.check('the switch shows Artifacts | Tags, Artifacts current',
      labels.join('|') === 'Artifacts|Tags' && (await page.getAttribute('#view-artifacts', 'aria-current')) === 'page', labels.join('|'));
    await page.click('#view-tags');
    await page.waitForURL(`${base}/artifacts-tab/tags`);
    const want = await apiNames('page=1&page_size=15&sort=name');
    await waitRows(want);
    t.check('the Artifacts tab stays the active tab', !!(await page.$('#repo-image.active')));
    const heads = await page.$$eval('#tag-list thead th', (ths) => ths.map((th) => th.textContent.trim()));
    t.check('columns Tag, Pull Command, Digest, Size, Push Time, Pull Time',
      JSON.stringify(heads) === JSON.stringify(['Tag', 'Pull Command', 'Digest', 'Size', 'Push Time', 'Pull Time']), JSON.stringify(heads));
    t.check('15 rows (Harbor\'s page size), sorted by tag as the API sorts them', want.length === 15 && want[0] === 't01', JSON.stringify(want));
    t.check('pager says 1 - 15 of 17 tags', (await page.textContent('#tag-list + berth-pager .berth-pager-text'))?.trim() === '1 - 15 of 17 tags');
    const v1 = (await t.api('/projects/library/repositories/app/artifacts/v1'));
    const cells = await page.$$eval('#tag-list tr[data-tag="t01"] td', (tds) => tds.map((td) => td.textContent.trim()));
    t.check('row t01: its artifact\'s short digest and size in KiB', cells[2] === v1.digest.slice(0, 15) && /(B|KiB)$/.test(cells[3]) && cells[4] !== '', JSON.stringify(cells));
    await t.accessible('the Tags view');
  });

  await t.step('paging: page 2 holds the last two tags', async () => {
    await page.click('#tag-list + berth-pager button[aria-label="Next page"]');
    const want = await apiNames('page=2&page_size=15&sort=name');
    await waitRows(want);
    t.check('page 2 = the API\'s page 2 (v1, v2)', JSON.stringify(want) === JSON.stringify(['v1', 'v2']), JSON.stringify(want));
  });

  await t.step('sort by Tag descending', async () => {
    await page.click('#tag-list thead th:has-text("Tag") button');
    const want = await apiNames('page=1&page_size=15&sort=-name');
    await waitRows(want);
    t.check('back on page 1, v2 first as the API\'s sort=-name', want[0] === 'v2' && want[1] === 'v1', JSON.stringify(want));
    t.check('aria-sort=descending on Tag', (await page.getAttribute('#tag-list thead th:has-text("Tag")', 'aria-sort')) === 'descending');
  });

  await t.step('sort by Push Time: oldest first, then newest first', async () => {
    await page.click('#tag-list thead th:has-text("Push Time") button');
    let want = await apiNames('page=1&page_size=15&sort=push_time');
    await waitRows(want);
    t.check('push_time ascending: v1, v2, t01 …', want.slice(0, 3).join() === 'v1,v2,t01', JSON.stringify(want));
    await page.click('#tag-list thead th:has-text("Push Time") button');
    want = await apiNames('page=1&page_size=15&sort=-push_time');
    await waitRows(want);
    t.check('push_time descending: t15 first', want[0] === 't15', JSON.stringify(want));
  });

  await t.step('sort by Pull Time: the pulled tag last, then first', async () => {
    await page.click('#tag-list thead th:has-text("Pull Time") button');
    let want = await apiNames('page=1&page_size=15&sort=pull_time');
    await waitRows(want);
    t.check('pull_time ascending: never-pulled tags first', want[0] !== 't07' && !want.includes('t07'), JSON.stringify(want));
    await page.click('#tag-list thead th:has-text("Pull Time") button');
    want = await apiNames('page=1&page_size=15&sort=-pull_time');
    await waitRows(want);
    t.check('pull_time descending: t07 (the one pulled) first', want[0] === 't07', JSON.stringify(want));
    const cells = await page.$$eval('#tag-list tr[data-tag="t07"] td', (tds) => tds.map((td) => td.textContent.trim()));
    const other = await page.$$eval(`#tag-list tr[data-tag="${want[1]}"] td`, (tds) => tds[5].textContent.trim());
    t.check(`t07 shows a pull time, ${want[1]} (never pulled) none`, cells[5] !== '' && other === '', JSON.stringify([cells[5], other]));
    t.check('aria-sort=descending on Pull Time', (await page.getAttribute('#tag-list thead th:has-text("Pull Time")', 'aria-sort')) === 'descending');
  });

  await t.step('filter by tag name', async () => {
    await page.fill('#filter-tags', 'v');
    const api = await t.api(`${TAGS}?q=${encodeURIComponent('name=~v')}&sort=-pull_time`);
    await waitRows(api.map((x) => x.name));
    t.check('"v" leaves v1 and v2 (the API\'s q=name=~v)', api.map((x) => x.name).sort().join() === 'v1,v2', JSON.stringify(api));
    t.check('pager says 1 - 2 of 2 tags', (await page.textContent('#tag-list + berth-pager .berth-pager-text'))?.trim() === '1 - 2 of 2 tags');
    await page.fill('#filter-tags', 'nothing-like-this');
    await page.waitForFunction(() => !document.querySelector('#tag-list tbody tr[data-tag]'));
    t.check('no match says "We couldn\'t find any tags!"',
      (await page.textContent('#tag-list tbody')).includes("We couldn't find any tags!"));
    await page.fill('#filter-tags', 'v2');
    await waitRows(['v2']);
  });

  await t.step('pull command copy icon and the digest link', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BERTH_URL });
    await page.click('#tag-list tr[data-tag="v2"] button[aria-label="Copy the pull command of v2"]');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    t.check('copied docker pull host/library/app:v2', copied === `docker pull ${BERTH_HOST}/library/app:v2`, copied);
    const v2 = await t.api('/projects/library/repositories/app/artifacts/v2');
    await page.click('#tag-list tr[data-tag="v2"] a.berth-digest');
    await page.waitForURL(`${base}/artifacts-tab/artifacts/${v2.digest}`);
    t.check('the digest opens the artifact page of v2', page.url().endsWith(v2.digest));
  });

  await t.step('a deep link to the Tags view, keyboard reachable', async () => {
    await page.goto(`${base}/artifacts-tab/tags`);
    await page.waitForSelector('#tag-list tbody tr[data-tag]');
    await page.focus('#view-tags');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('aria-label'));
    t.check('Tab moves from the switch into the view', !!focused, String(focused));
    await page.click('#view-artifacts');
    await page.waitForSelector('#artifact-list tbody tr[data-digest]');
    t.check('Artifacts switches back to the artifact table', page.url() === `${base}/artifacts-tab`, page.url());
  });
});
