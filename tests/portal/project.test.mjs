// The project page and the Projects and Registries lists, end to end: the Summary of a project
// and of a proxy cache (its endpoint and statistics), Members (+ USER with the name suggestions,
// Set Role, Remove), Configuration (saved, and read-only for a developer), NEW PROJECT's storage
// quota, deleting projects (one refused with the reason), editing an endpoint and a refused
// endpoint deletion. Every step checks the page against what the API holds; axe-core on every
// tab and dialog.
//
// Environment (test_project.sh): BERTH_URL, OUT_DIR, REG_URL (the upstream docker-registry),
// USER_PW (the password of alice and bob). Setup: endpoint "upstream", proxy-cache project
// "cache" pulled through twice, project "web" (1 GiB quota, one image, bob a developer), empty
// project "doomed".
import { run, BERTH_URL } from './lib.mjs';

const { REG_URL, USER_PW } = process.env;

// The portal's size text (format.ts sizeText), to compare with what the API says.
function sizeText(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let n = Math.max(0, bytes), i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 ? n : Number(n.toFixed(2))} ${units[i]}`;
}

await run(async (t) => {
  const { page } = t;
  const web = await t.api('/projects/web');
  const cache = await t.api('/projects/cache');
  const text = async (sel) => (await page.innerText(sel)).replace(/\s+/g, ' ').trim();

  await t.step('Summary of a project', async () => {
    await t.openSignedIn(`/harbor/projects/${web.project_id}/summary`);
    await page.waitForSelector('#summary-quota-text');
    const tabs = await page.$$eval('[role=tab]', (as) => as.map((a) => a.textContent.trim()));
    t.check('tabs Summary, Members, Configuration in Harbor order',
      ['Summary', 'Members', 'Configuration'].every((l, i, all) => tabs.indexOf(l) >= 0 && (i === 0 || tabs.indexOf(l) > tabs.indexOf(all[i - 1]))),
      JSON.stringify(tabs));
    const sum = await t.api(`/projects/${web.project_id}/summary`);
    t.check('Access Level Private', (await text('#summary-access')).includes('Private'));
    t.check('Repositories count as the API says', (await text('#summary-repositories')).includes(String(sum.repo_count)) && sum.repo_count === 1,
      `${await text('#summary-repositories')} / ${sum.repo_count}`);
    const quota = await text('#summary-quota-text');
    t.check('Quota used "X of 1 GiB" from the API', quota === `${sizeText(sum.quota.used.storage)} of 1 GiB` && sum.quota.used.storage > 0,
      `${quota} / ${JSON.stringify(sum.quota)}`);
    t.check('Members: 1 admin, 1 developer', /Admin\(s\) 1/.test(await text('#summary-members')) &&
      /Developer\(s\) 1/.test(await text('#summary-members')), await text('#summary-members'));
    t.check('no proxy-cache cards for a normal project', !(await page.$('#summary-endpoint')));
    await t.accessible('the Summary tab');
  });

  await t.step('Summary of a proxy cache: endpoint and statistics', async () => {
    await page.goto(`${BERTH_URL}/harbor/projects/${cache.project_id}/summary`);
    await page.waitForSelector('#proxy-statistics');
    t.check('Proxy Cache Endpoint "upstream-<url>"', (await text('#endpoint')) === `upstream-${REG_URL}`, await text('#endpoint'));
    const st = await t.api('/projects/cache/proxy_cache/statistics');
    const shown = async (key) => text(`#proxy-statistics dd[data-key=${key}]`);
    t.check('cache hits as the API counts them', (await shown('cache_hits')) === String(st.cache_hits) && st.cache_hits > 0,
      `${await shown('cache_hits')} / ${JSON.stringify(st)}`);
    const rate = Math.round((st.cache_hits / (st.cache_hits + st.cache_misses)) * 100);
    t.check('hit rate from hits and fetches', (await shown('hit_rate')) === `${rate}%`, await shown('hit_rate'));
    t.check('upstream fetches', (await shown('cache_misses')) === String(st.cache_misses) && st.cache_misses > 0);
    t.check('upstream bytes', (await shown('upstream_bytes')) === sizeText(st.upstream_bytes) && st.upstream_bytes > 0,
      await shown('upstream_bytes'));
    t.check('bytes saved by the warm pull', (await shown('bytes_saved')) === sizeText(st.bytes_saved) && st.bytes_saved > 0,
      `${await shown('bytes_saved')} / ${st.bytes_saved}`);
    await t.accessible('the Summary tab of a proxy cache');
  });

  await t.step('Members: + USER with suggestions', async () => {
    await page.goto(`${BERTH_URL}/harbor/projects/${web.project_id}/summary`);
    await page.click('#project-tab-members');
    await page.waitForSelector('tr[data-name="bob"]');
    t.check('bob listed as a Developer User', /bob\s+User\s+Developer/.test(await text('tr[data-name="bob"]')));
    await page.click('#add-member');
    await page.waitForSelector('#add-member-dialog');
    t.check('dialog "New Member", Project Admin chosen', (await text('#add-member-dialog .modal-title')) === 'New Member' &&
      (await page.isChecked('#checkrads_project_admin')));
    await page.type('#member_name', 'ali');
    await page.waitForSelector('#member_name-list li:text("alice")');
    t.ok('typing "ali" suggests alice');
    await t.accessible('the New Member dialog with suggestions');
    await page.click('#member_name-list li:text("alice")');
    t.check('picking fills the name', (await page.inputValue('#member_name')) === 'alice');
    await page.check('#checkrads_developer');
    await page.click('#member-ok');
    await page.waitForSelector('#add-member-dialog', { state: 'detached' });
    await page.waitForSelector('tr[data-name="alice"]');
    t.check('alice listed as Developer', (await text('tr[data-name="alice"]')).includes('Developer'));
    const members = await t.api(`/projects/${web.project_id}/members`);
    t.check('the API holds alice as developer (role 2)', members.some((m) => m.entity_name === 'alice' && m.role_id === 2), JSON.stringify(members));
    await page.click('#add-member');
    await page.fill('#member_name', 'alice');
    await page.waitForSelector('#member_name-error');
    t.check('adding her again: "Username already exists."', (await text('#member_name-error')) === 'Username already exists.' &&
      (await page.isDisabled('#member-ok')));
    await page.click('#member-cancel');
  });

  await t.step('Members: Set Role from the ACTION menu, by keyboard', async () => {
    await page.check('tr[data-name="alice"] input[type=checkbox]');
    await page.focus('#member-action');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('berth-action-menu .dropdown-menu');
    t.check('ArrowDown opens the menu on its first item',
      await page.evaluate(() => document.activeElement?.id === 'set-role-1'));
    await page.click('#set-role-4');
    await page.waitForFunction(() => document.querySelector('tr[data-name="alice"]')?.textContent.includes('Maintainer'));
    const members = await t.api(`/projects/${web.project_id}/members`);
    t.check('the API holds alice as maintainer (role 4)', members.some((m) => m.entity_name === 'alice' && m.role_id === 4), JSON.stringify(members));
  });

  await t.step('Members: Remove with confirmation', async () => {
    await page.click('#member-action');
    await page.click('#remove-member');
    await page.waitForSelector('#remove-member-confirm');
    t.check('"Do you want to delete project members alice?"', (await text('#remove-member-confirm .modal-body')).includes('delete project members alice'));
    await t.accessible('the remove member confirmation');
    await page.click('#remove-member-confirm-ok');
    await page.waitForSelector('tr[data-name="alice"]', { state: 'detached' });
    const members = await t.api(`/projects/${web.project_id}/members`);
    t.check('the API no longer lists alice', !members.some((m) => m.entity_name === 'alice'), JSON.stringify(members));
  });

  await t.step('Configuration: change and SAVE', async () => {
    await page.click('#project-tab-configs');
    await page.waitForSelector('#config-save');
    t.check('shows what the API holds: private, scan off, system allowlist',
      !(await page.isChecked('#clr-checkbox-wrapper-public')) && !(await page.isChecked('#scan-image-on-push')) &&
      (await page.isChecked('#use-system')) && (await page.isDisabled('#severity')));
    t.check('SAVE disabled while nothing changed', await page.isDisabled('#config-save'));
    await page.check('#clr-checkbox-wrapper-public');
    await page.check('#prevent-vulnerability-image');
    await page.selectOption('#severity', 'high');
    await page.check('#scan-image-on-push');
    await page.check('#use-project');
    await page.click('#show-add-modal');
    await page.fill('#allowlist-textarea', 'CVE-2024-0001, CVE-2024-0002\nCVE-2024-0003');
    await page.click('#add-to-allowlist');
    await page.click('button[aria-label="Remove CVE-2024-0002"]');
    await page.uncheck('#neverExpires');
    await page.fill('#allowlist-expires', '2031-05-17');
    await t.accessible('the Configuration tab');
    await page.click('#config-save');
    await page.waitForSelector('.berth-toast:has-text("Configuration has been successfully saved.")');
    const p = await t.api(`/projects/${web.project_id}`);
    const m = p.metadata ?? {};
    t.check('the API holds public, prevent_vul with high, auto_scan, the project allowlist',
      m.public === 'true' && m.prevent_vul === 'true' && m.severity === 'high' && m.auto_scan === 'true' &&
      m.reuse_sys_cve_allowlist === 'false', JSON.stringify(m));
    const items = (p.cve_allowlist?.items ?? []).map((i) => i.cve_id);
    t.check('allowlist CVE-2024-0001 and CVE-2024-0003', JSON.stringify(items) === '["CVE-2024-0001","CVE-2024-0003"]', JSON.stringify(items));
    const expires = new Date(p.cve_allowlist?.expires_at * 1000);
    t.check('expires on 2031-05-17', expires.getFullYear() === 2031 && expires.getMonth() === 4 && expires.getDate() === 17,
      String(p.cve_allowlist?.expires_at));
    await page.waitForFunction(() => document.querySelector('.berth-project-head')?.textContent.includes('Public'));
    t.ok('the header now says Public');
    t.check('SAVE and CANCEL disabled again once saved', (await page.isDisabled('#config-save')) && (await page.isDisabled('#config-cancel')));
  });

  await t.step('Configuration: read-only for a developer', async () => {
    const ctx = await t.browser.newContext({ viewport: { width: 1366, height: 860 } });
    const p2 = await ctx.newPage();
    await p2.goto(`${BERTH_URL}/harbor/projects/${web.project_id}/configs`);
    await p2.fill('#login_username', 'bob');
    await p2.fill('#login_password', USER_PW);
    await p2.click('#log_in');
    await p2.waitForSelector('#config-readonly');
    t.check('bob sees the settings saved by admin, all disabled',
      (await p2.isChecked('#clr-checkbox-wrapper-public')) && (await p2.isDisabled('#clr-checkbox-wrapper-public')) &&
      (await p2.isDisabled('#severity')) && (await p2.isDisabled('#config-save')) && (await p2.isDisabled('#use-system')));
    await p2.click('#project-tab-members');
    await p2.waitForSelector('tr[data-name="bob"]');
    t.check('Members: + USER disabled for a developer', await p2.isDisabled('#add-member'));
    await ctx.close();
  });

  await t.step('NEW PROJECT with a storage quota', async () => {
    await page.goto(`${BERTH_URL}/harbor/projects`);
    await page.click('#new-project');
    await page.waitForSelector('#create_project_storage_limit');
    t.check('quota -1 GiB by default', (await page.inputValue('#create_project_storage_limit')) === '-1' &&
      (await page.inputValue('#create_project_storage_limit_unit')) === 'GiB');
    await page.fill('#create_project_name', 'quota-web');
    await page.fill('#create_project_storage_limit', '2.5');
    t.check('a fraction is refused with Harbor\'s rule', (await text('#new-project-dialog')).includes("only takes integer values") &&
      (await page.isDisabled('#new-project-ok')));
    await page.fill('#create_project_storage_limit', '5');
    await page.selectOption('#create_project_storage_limit_unit', 'TiB');
    await t.accessible('the NEW PROJECT dialog with the quota');
    await page.click('#new-project-ok');
    await page.waitForSelector('#new-project-dialog', { state: 'detached' });
    const sum = await t.api('/projects/quota-web/summary');
    t.check('the API holds a 5 TiB quota', sum.quota?.hard?.storage === 5 * 2 ** 40, JSON.stringify(sum.quota));
  });

  await t.step('the Projects list shows each quota ("used of limit") from the list API', async () => {
    await page.waitForSelector('tr[data-name="quota-web"] .berth-quota-cell');
    const listed = await t.api('/projects?page_size=100');
    const web = listed.find((p) => p.name === 'web');
    t.check('web: used of 1 GiB, as the list API says', web?.quota?.used?.storage > 0 &&
      (await text('tr[data-name="web"] .berth-quota-cell')) === `${sizeText(web.quota.used.storage)} of 1 GiB`,
      `${await text('tr[data-name="web"] .berth-quota-cell')} / ${JSON.stringify(web?.quota)}`);
    t.check('quota-web: 0 B of 5 TiB', (await text('tr[data-name="quota-web"] .berth-quota-cell')) === `${sizeText(0)} of 5 TiB`,
      await text('tr[data-name="quota-web"] .berth-quota-cell'));
  });

  await t.step('Delete projects: the refused one says why', async () => {
    await page.waitForSelector('tr[data-name="doomed"]');
    await page.check('tr[data-name="web"] input[type=checkbox]');
    await page.check('tr[data-name="doomed"] input[type=checkbox]');
    await page.click('#project-action');
    await page.click('#delete-project');
    await page.waitForSelector('#project-not-deletable');
    const why = await text('#project-not-deletable');
    t.check('"web cannot be deleted: the project contains repositories…"', why.includes('web cannot be deleted') && why.includes('repositories'), why);
    await t.accessible('the delete project confirmation');
    await page.click('#delete-project-confirm-ok');
    await page.waitForSelector('#delete-project-confirm', { state: 'detached' });
    await page.waitForSelector('tr[data-name="doomed"]', { state: 'detached' });
    const doomed = await t.api('/projects/doomed');
    const webNow = await t.api('/projects/web');
    t.check('the API: doomed deleted, web kept', doomed?.errors?.[0]?.code === 'NOT_FOUND' && webNow.name === 'web',
      JSON.stringify(doomed));
  });

  await t.step('Registries: EDIT an endpoint', async () => {
    const reg0 = (await t.api('/registries')).find((r) => r.name === 'upstream');
    await page.goto(`${BERTH_URL}/harbor/registries`);
    await page.waitForSelector('tr[data-name="upstream"]');
    t.check('EDIT disabled until one endpoint is selected', await page.isDisabled('#edit'));
    await page.check('tr[data-name="upstream"] input[type=checkbox]');
    await page.click('#edit');
    await page.waitForSelector('#endpoint-dialog');
    await page.waitForFunction(() => document.querySelector('#destination_name')?.value === 'upstream');
    t.check('"Edit Endpoint" with the provider fixed', (await text('#endpoint-dialog .modal-title')) === 'Edit Endpoint' &&
      (await page.isDisabled('#adapter')));
    t.check('the stored values, the secret as a dummy', (await page.inputValue('#destination_url')) === REG_URL &&
      (await page.inputValue('#destination_access_key')) === 'puller' && (await page.inputValue('#destination_password')) === '*****');
    t.check('OK disabled while nothing changed', await page.isDisabled('#endpoint-ok'));
    await page.fill('#destination_description', 'edited in the portal');
    await page.click('#test-connection');
    await page.waitForSelector('#ping-result');
    t.check('TEST CONNECTION of the stored endpoint', (await text('#ping-result')).includes('Connection tested successfully.'), await text('#ping-result'));
    await t.accessible('the Edit Endpoint dialog');
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/v2.0/registries/' + reg0.id));
    await page.click('#endpoint-ok');
    const sent = (await put).postDataJSON();
    t.check('PUT carries only the changed key (no secret)', JSON.stringify(sent) === '{"description":"edited in the portal"}',
      JSON.stringify(sent));
    await page.waitForSelector('#endpoint-dialog', { state: 'detached' });
    await page.waitForFunction(() => document.querySelector('tr[data-name="upstream"]')?.textContent.includes('edited in the portal'));
    const regs = await t.api('/registries');
    const reg = regs.find((r) => r.name === 'upstream');
    t.check('the API holds the description, the credential kept', reg?.description === 'edited in the portal' &&
      reg?.credential?.access_key === 'puller' && reg?.credential?.access_secret === '*****', JSON.stringify(reg));
  });

  await t.step('Registries: DELETE refused while a proxy cache uses it', async () => {
    await page.click('#delete');
    await page.waitForSelector('#delete-endpoint-confirm');
    await page.click('#delete-endpoint-confirm-ok');
    await page.waitForSelector('#delete-endpoint-confirm-error');
    const why = await text('#delete-endpoint-confirm-error');
    t.check('the dialog shows the server\'s reason, naming the project', why.includes('cache') && /proxy cache/i.test(why), why);
    await page.click('#delete-endpoint-confirm-cancel');
    const regs = await t.api('/registries');
    t.check('the API still holds the endpoint', regs.some((r) => r.name === 'upstream'));
  });
});
