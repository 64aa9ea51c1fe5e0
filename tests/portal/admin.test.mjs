// Administration in the portal, end to end: Users (NEW USER with Harbor's rules, SET AS ADMIN /
// REVOKE ADMIN, Reset Password, Delete), Labels (global and project: palette, edit, delete, server
// paging), Robot Accounts (system wizard per project and for all projects, the secret shown once
// with copy and export, deactivate/enable, refresh secret, edit, delete; a project robot from its
// tab), Logs (all and project; filter and time range), and the account menu (User Profile, Change
// Password). Every step checks the page and what the API then holds; the robots' secrets are
// tried with curl on /v2/ and the API; axe-core runs on every page and dialog.
//
// Environment (test_admin.sh): BERTH_URL, OUT_DIR, PROJECT (a project that exists).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { run, BERTH_URL, ADMIN, OUT_DIR } from './lib.mjs';

const { PROJECT } = process.env;
const HARBOR_NAV = ['Projects', 'Logs', 'Administration', 'Users', 'Robot Accounts', 'Groups', 'Registries',
  'Replications', 'Distributions', 'Labels', 'Project Quotas', 'Interrogation Services', 'Clean Up',
  'Job Service Dashboard', 'Configuration'];

// The HTTP status of a GET with Basic credentials, through curl as a user would try it.
function curlStatus(user, secret, path) {
  return execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-u', `${user}:${secret}`, `${BERTH_URL}${path}`],
    { encoding: 'utf8' });
}

// A list call's total (X-Total-Count) as admin.
async function apiTotal(path) {
  const res = await fetch(`${BERTH_URL}/api/v2.0${path}`, { headers: { Authorization: ADMIN } });
  return Number(res.headers.get('X-Total-Count'));
}

async function apiSend(method, path, body) {
  const res = await fetch(`${BERTH_URL}/api/v2.0${path}`, {
    method, headers: { Authorization: ADMIN, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return res.status;
}

await run(async (t) => {
  const { page } = t;
  const text = async (sel) => (await page.textContent(sel))?.trim() ?? '';
  const gone = (sel) => page.waitForSelector(sel, { state: 'detached' });
  const row = (name) => `tr[data-name="${name}"]`;
  const toggleRow = (name) => page.click(`${row(name)} td.berth-select-cell input`);
  const menu = async (menuId, itemId) => { await page.click(`#${menuId}`); await page.click(`#${itemId}`); };
  const toastSays = (words) => page.waitForFunction((w) => document.querySelector('.berth-toasts')?.textContent.includes(w), words);
  const pagerText = () => text('.berth-pager-text');
  // A screenshot of a dialog while it is open (the step's own is taken after it closed).
  const shot = (name) => page.screenshot({ path: `${OUT_DIR}/dialog-${name}.png` });
  const until = async (what, fn) => {
    for (let i = 0; i < 50; i++) { if (await fn()) return true; await new Promise((r) => setTimeout(r, 100)); }
    throw new Error(`timed out waiting for ${what}`);
  };
  const project = await t.api(`/projects/${PROJECT}`);

  await t.step('left panel: Logs and the Administration pages in Harbor order', async () => {
    await t.openSignedIn('/harbor/users');
    await page.waitForSelector('h2:text("Users")');
    const labels = await page.$$eval('.clr-vertical-nav .nav-text, .clr-vertical-nav .nav-group-text', (els) =>
      els.map((e) => e.textContent.trim()).filter((l) => !/^(LIGHT|DARK)$/.test(l)));
    const idx = labels.map((l) => HARBOR_NAV.indexOf(l));
    t.check('every entry is Harbor\'s, in Harbor\'s order', idx.every((v, i) => v >= 0 && (i === 0 || v > idx[i - 1])), JSON.stringify(labels));
    t.check('Logs, Users, Robot Accounts and Labels are there',
      ['Logs', 'Users', 'Robot Accounts', 'Labels'].every((l) => labels.includes(l)), JSON.stringify(labels));
    t.check('Users highlighted', (await text('.clr-vertical-nav .nav-link.active')).includes('Users'));
  });

  await t.step('Users: the list and NEW USER with Harbor\'s rules', async () => {
    await page.waitForSelector(row('admin'));
    t.check('admin listed as Administrator "Yes"', (await page.textContent(row('admin'))).includes('Yes'));
    const heads = await page.$$eval('table.berth-grid th', (ths) => ths.map((th) => th.textContent.trim()).filter(Boolean));
    t.check('columns Name, Administrator, Email, Registration time',
      JSON.stringify(heads) === JSON.stringify(['Select', 'Name', 'Administrator', 'Email', 'Registration time']), JSON.stringify(heads));
    await t.accessible('the Users page');
    await page.click('#add-new-user');
    await page.waitForSelector('#new-user-dialog');
    t.check('dialog title "New User"', (await text('#new-user-dialog .modal-title')) === 'New User');
    await page.fill('#username', 'admin');
    await page.fill('#email', 'alice@example.com');
    await page.waitForSelector('#username-error:text("Username is already in use.")');
    t.ok('a taken username is reported when the field is left');
    await page.fill('#username', 'alice');
    await page.fill('#realname', 'Alice Liddell');
    await page.fill('#newPassword', 'short');
    t.check('weak password: Harbor\'s rule', (await text('#newPassword-error')).includes('8-128 characters long with at least 1 uppercase'));
    await page.fill('#newPassword', 'Passw0rd-alice');
    await page.fill('#confirmPassword', 'Passw0rd-alicX');
    t.check('"Passwords do not match."', (await text('#confirmPassword-error')) === 'Passwords do not match.');
    t.check('OK disabled while the form is invalid', await page.isDisabled('#save-button'));
    await page.fill('#confirmPassword', 'Passw0rd-alice');
    await page.fill('#comment', 'from the portal');
    await t.accessible('the NEW USER dialog');
    await shot('new-user');
    await page.click('#save-button');
    await gone('#new-user-dialog');
    await page.waitForSelector(row('alice'));
    await toastSays('New user created successfully.');
    const [u] = await t.api('/users?q=username%3Dalice');
    t.check('the API holds alice with her email, name and comment',
      u?.email === 'alice@example.com' && u.realname === 'Alice Liddell' && u.comment === 'from the portal' && !u.sysadmin_flag, JSON.stringify(u));
  });

  await t.step('Escape closes a dialog', async () => {
    await page.click('#add-new-user');
    await page.waitForSelector('#new-user-dialog');
    await page.keyboard.press('Escape');
    await gone('#new-user-dialog');
    t.ok('NEW USER closed with Escape');
  });

  await t.step('SET AS ADMIN and REVOKE ADMIN', async () => {
    await toggleRow('alice');
    t.check('button reads SET AS ADMIN', /set as admin/i.test(await text('#set-admin')));
    await page.click('#set-admin');
    await until('alice to be admin', async () => (await t.api('/users?q=username%3Dalice'))[0]?.sysadmin_flag === true);
    t.ok('the API holds alice as administrator');
    await page.waitForFunction(() => document.querySelector('tr[data-name="alice"]')?.textContent.includes('Yes'));
    t.check('button now reads REVOKE ADMIN', /revoke admin/i.test(await text('#set-admin')));
    await page.click('#set-admin');
    await until('alice not admin', async () => (await t.api('/users?q=username%3Dalice'))[0]?.sysadmin_flag === false);
    await page.waitForFunction(() => document.querySelector('tr[data-name="alice"] td:nth-child(3)')?.textContent.trim() === 'No');
    t.ok('revoked: "No" on the page and in the API');
  });

  await t.step('Actions › Reset Password', async () => {
    await menu('member-action', 'changePwd');
    await page.waitForSelector('#reset-password-dialog');
    t.check('title "Reset Password"', (await text('#reset-password-dialog .modal-title')) === 'Reset Password');
    await page.fill('#newPassword', 'Reset-Passw0rd');
    await page.fill('#reNewPassword', 'Reset-Passw0rd');
    await t.accessible('the Reset Password dialog');
    await shot('reset-password');
    await page.click('#reset-password-ok');
    await gone('#reset-password-dialog');
    await toastSays('Users password reset successfully');
    t.check('alice signs in with the new password', curlStatus('alice', 'Reset-Passw0rd', '/api/v2.0/users/current') === '200');
  });

  await t.step('Actions › Delete, after a confirmation', async () => {
    t.check('bob created through the API', (await apiSend('POST', '/users',
      { username: 'bob', email: 'bob@example.com', realname: 'Bob', password: 'Passw0rd-bob' })) === 201);
    await toggleRow('alice');
    await page.click('button[aria-label="Refresh"]');
    await page.waitForSelector(row('bob'));
    await toggleRow('bob');
    await menu('member-action', 'deleteUser');
    await page.waitForSelector('#delete-user-confirm');
    t.check('"Do you want to delete user bob?"', (await text('#delete-user-confirm .modal-body')) === 'Do you want to delete user bob?');
    await t.accessible('the delete-user confirmation');
    await shot('delete-user');
    await page.click('#delete-user-confirm-ok');
    await gone(row('bob'));
    t.check('the API no longer has bob', (await t.api('/users?q=username%3Dbob')).length === 0);
  });

  await t.step('Labels: NEW LABEL in a palette colour', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/labels"]');
    await page.waitForSelector('h2:text("Labels")');
    await t.accessible('the Labels page');
    await page.click('#new-label');
    await page.waitForSelector('#label-form');
    await page.fill('#name', 'release');
    await page.click('#label-color-toggle');
    t.check('Harbor\'s palette of 32 colours', (await page.$$('.berth-swatch')).length === 32);
    await t.accessible('the label form with the palette open');
    await shot('label-palette');
    await page.click('.berth-swatch[data-color="#0065AB"]');
    t.check('the chosen colour is shown', (await page.inputValue('#color')) === '#0065AB');
    await page.fill('#description', 'ready to ship');
    await page.click('#label-ok');
    await gone('#label-form');
    await page.waitForSelector(row('release'));
    const bg = await page.$eval(`${row('release')} .berth-label-chip`, (e) => getComputedStyle(e).backgroundColor);
    t.check('the chip is drawn in its colour', bg === 'rgb(0, 101, 171)', bg);
    const labels = await t.api('/labels?scope=g');
    const l = labels.find((x) => x.name === 'release');
    t.check('the API holds the label, colour and description', l?.color === '#0065AB' && l.description === 'ready to ship', JSON.stringify(labels));
    await page.click('#new-label');
    await page.fill('#name', 'release');
    await page.press('#name', 'Tab');
    await page.waitForSelector('#name-error:text("Label name already exists.")');
    t.ok('a taken label name is reported');
    await page.click('#label-cancel');
    await gone('#label-form');
  });

  await t.step('Labels: EDIT and DELETE', async () => {
    await toggleRow('release');
    await page.click('#edit-label');
    await page.waitForSelector('#label-form');
    t.check('the form holds the label', (await page.inputValue('#name')) === 'release' && (await page.inputValue('#color')) === '#0065AB');
    await page.fill('#description', 'shipped');
    await page.click('#label-color-toggle');
    await page.click('.berth-swatch[data-color="#C92100"]');
    await page.click('#label-ok');
    await gone('#label-form');
    await page.waitForFunction(() => document.querySelector('tr[data-name="release"]')?.textContent.includes('shipped'));
    const l = (await t.api('/labels?scope=g')).find((x) => x.name === 'release');
    t.check('the API holds the edit', l?.color === '#C92100' && l.description === 'shipped', JSON.stringify(l));
    await page.click('#delete-label');
    await page.waitForSelector('#delete-label-confirm');
    t.check('"Confirm Label Deletion"', (await text('#delete-label-confirm .modal-title')) === 'Confirm Label Deletion');
    await page.click('#delete-label-confirm-ok');
    await gone(row('release'));
    t.check('the API no longer has it', !(await t.api('/labels?scope=g')).some((x) => x.name === 'release'));
  });

  await t.step('Labels are paged on the server', async () => {
    for (let i = 1; i <= 17; i++)
      await apiSend('POST', '/labels', { name: `g-${String(i).padStart(2, '0')}`, scope: 'g', color: '#48960C' });
    await page.click('button[aria-label="Refresh"]');
    await page.waitForSelector(row('g-01'));
    t.check('"1 - 15 of 17 items"', (await pagerText()) === '1 - 15 of 17 items', await pagerText());
    await page.click('button[aria-label="Next page"]');
    await page.waitForSelector(row('g-17'));
    t.check('page 2 holds the last two', (await page.$$('table.berth-grid tbody tr')).length === 2 && (await pagerText()) === '16 - 17 of 17 items');
  });

  await t.step('project Labels tab', async () => {
    await page.goto(`${BERTH_URL}/harbor/projects/${project.project_id}/labels`);
    await page.waitForSelector('#new-label');
    t.check('the Labels tab is active', (await text('.nav-link.active[role="tab"]')) === 'Labels');
    await page.click('#new-label');
    await page.fill('#name', 'qa-passed');
    await page.click('#label-color-toggle');
    await page.click('.berth-swatch[data-color="#48960C"]');
    await page.click('#label-ok');
    await page.waitForSelector(row('qa-passed'));
    t.check('the chip shows the project icon', !!(await page.$(`${row('qa-passed')} cds-icon[shape="organization"]`)));
    const labels = await t.api(`/labels?scope=p&project_id=${project.project_id}`);
    t.check('the API holds a project label', labels.some((l) => l.name === 'qa-passed' && l.scope === 'p' && l.project_id === project.project_id),
      JSON.stringify(labels));
    t.check('the global list does not', !(await t.api('/labels?scope=g&page_size=100')).some((l) => l.name === 'qa-passed'));
    await t.accessible('the project Labels tab');
  });

  let ciSecret = '';
  await t.step('Robot Accounts: NEW ROBOT ACCOUNT for one project', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/robot-accounts"]');
    await page.waitForSelector('h2:text("Robot Accounts")');
    await t.accessible('the Robot Accounts page');
    await page.click('#new-robot-account');
    await page.waitForSelector('#robot-dialog');
    t.check('title "Create System Robot Account"', (await text('#robot-dialog .modal-title')) === 'Create System Robot Account');
    t.check('the robot$ prefix is shown', (await text('#name-prefix')) === 'robot$');
    await page.fill('#name', 'Bad Name');
    await page.click('#robot-next');
    t.check('a bad name is explained and keeps the wizard on Basic Information',
      (await text('#name-error')).includes('lower case characters') && (await text('#wizard-step-title')) === 'Basic Information');
    await page.fill('#name', 'ci-bot');
    await page.fill('#description', 'CI pushes');
    await page.selectOption('#expiration-type', 'never');
    t.check('"Never Expires" previewed', (await text('#expires-at-preview')).includes('Never Expires'));
    await t.accessible('the robot wizard, Basic Information');
    await shot('robot-basic');
    await page.click('#robot-next');
    t.check('step "Select Project Permissions"', (await text('#wizard-step-title')) === 'Select Project Permissions');
    await page.waitForSelector(row(PROJECT));
    await toggleRow(PROJECT);
    await page.click(`${row(PROJECT)} .berth-perm-toggle`);
    await page.check(`#perm-${PROJECT} input[data-perm="repository:push"]`);
    await page.click('#robot-finish');
    await page.waitForSelector('#robot-error');
    t.check('push without pull refused in Harbor\'s words', (await text('#robot-error')).includes('Push permission can not work alone'));
    for (const p of ['repository:pull', 'repository:list', 'artifact:read', 'artifact:list'])
      await page.check(`#perm-${PROJECT} input[data-perm="${p}"]`);
    t.check('the row counts 5 PERMISSION(S)', (await text(`${row(PROJECT)} .berth-perm-toggle`)).startsWith('5 PERMISSION(S)'));
    await t.accessible('the robot wizard, project permissions');
    await shot('robot-projects');
    await page.click('#robot-finish');
    await page.waitForSelector('#robot-secret-dialog');
    t.check('"Created \'robot$ci-bot\' successfully."', (await text('#robot-secret-dialog .modal-title')) === "Created 'robot$ci-bot' successfully.");
    t.check('"This is the only time to copy this secret."', (await text('#robot-secret-dialog')).includes('This is the only time to copy this secret.'));
    ciSecret = await page.inputValue('#robot-secret');
    t.check('the secret is shown', ciSecret.length >= 8);
    await t.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BERTH_URL });
    await page.click('#copy-secret');
    await toastSays("Copy secret successfully of 'robot$ci-bot'");
    t.check('the clipboard holds the secret', (await page.evaluate(() => navigator.clipboard.readText())) === ciSecret);
    await t.accessible('the robot secret dialog');
    await shot('robot-secret');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-to-file')]);
    t.check('export file robot$ci-bot.json', download.suggestedFilename() === 'robot$ci-bot.json', download.suggestedFilename());
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    t.check('the file holds name and secret', exported.name === 'robot$ci-bot' && exported.secret === ciSecret, JSON.stringify(exported));
    await gone('#robot-secret-dialog');
    const [r] = await t.api('/robots?q=name%3Drobot%24ci-bot');
    const perm = r?.permissions?.[0];
    t.check('the API holds the robot: system level, never expires, 5 grants on the project',
      r?.level === 'system' && r.duration === -1 && r.expires_at === -1 && r.description === 'CI pushes' &&
      perm?.namespace === PROJECT && perm.kind === 'project' && perm.access.length === 5, JSON.stringify(r));
    t.check('curl -u robot$ci-bot:<secret> /v2/ answers 200', curlStatus('robot$ci-bot', ciSecret, '/v2/') === '200');
    t.check(`curl -u robot$ci-bot:<secret> /api/v2.0/projects/${PROJECT}/repositories answers 200`,
      curlStatus('robot$ci-bot', ciSecret, `/api/v2.0/projects/${PROJECT}/repositories`) === '200');
    t.check('a wrong secret answers 401', curlStatus('robot$ci-bot', 'Wrong-Secret-1', '/v2/') === '401');
  });

  await t.step('Robot list: the row, its projects, DEACTIVATE and ENABLE', async () => {
    await page.waitForSelector(row('robot$ci-bot'));
    const r = await page.textContent(row('robot$ci-bot'));
    t.check('row: Never Expires, 1 PROJECT(S), description', r.includes('Never Expires') && r.includes('1 PROJECT(S)') && r.includes('CI pushes'), r);
    await page.click(`${row('robot$ci-bot')} button:text("1 PROJECT(S)")`);
    await page.waitForSelector('#robot-permissions-view');
    t.check('the projects view lists the project with its grants',
      (await text('#robot-permissions-view h4')) === PROJECT && (await page.$$('#robot-permissions-view input:checked')).length === 5);
    await t.accessible('the robot projects view');
    await shot('robot-projects-view');
    await page.click('#robot-permissions-close');
    await gone('#robot-permissions-view');
    await toggleRow('robot$ci-bot');
    await menu('robot-action', 'distribution-disable');
    await page.waitForSelector('#toggle-robot-confirm');
    t.check('"Do you want to deactivate robot robot$ci-bot?"', (await text('#toggle-robot-confirm .modal-body')) === 'Do you want to deactivate robot robot$ci-bot?');
    await page.click('#toggle-robot-confirm-ok');
    await until('the robot to be disabled', async () => (await t.api('/robots?q=name%3Drobot%24ci-bot'))[0]?.disable === true);
    await page.waitForSelector(`${row('robot$ci-bot')} cds-icon[shape="times-circle"]`);
    t.check('deactivated: curl answers 401', curlStatus('robot$ci-bot', ciSecret, '/v2/') === '401');
    await menu('robot-action', 'distribution-enable');
    await page.click('#toggle-robot-confirm-ok');
    await until('the robot to be enabled', async () => (await t.api('/robots?q=name%3Drobot%24ci-bot'))[0]?.disable === false);
    t.check('enabled again: curl answers 200', curlStatus('robot$ci-bot', ciSecret, '/v2/') === '200');
  });

  await t.step('REFRESH SECRET, automatic then typed', async () => {
    await menu('robot-action', 'system-robot-token');
    await page.waitForSelector('#refresh-secret-dialog');
    await t.accessible('the Refresh Secret dialog');
    await shot('refresh-secret');
    await page.click('#refresh-token-refresh');
    await page.waitForSelector('#robot-secret-dialog');
    await page.keyboard.press('Escape');
    t.check('Escape does not close the secret shown once', !!(await page.$('#robot-secret-dialog')));
    const fresh = await page.inputValue('#robot-secret');
    t.check('a new secret, shown once', fresh && fresh !== ciSecret && (await text('#robot-secret-dialog .modal-title')) === 'Refreshed secret successfully');
    t.check('the new secret works, the old one not',
      curlStatus('robot$ci-bot', fresh, '/v2/') === '200' && curlStatus('robot$ci-bot', ciSecret, '/v2/') === '401');
    await page.click('#robot-secret-close');
    await menu('robot-action', 'system-robot-token');
    await page.check('#enable-new-secret');
    await page.fill('#new-token', 'weak');
    t.check('a weak secret is explained', (await text('#new-token-error')).includes('8-128 characters'));
    await page.fill('#new-token', 'Manual-Secret-123');
    await page.fill('#confirm-token', 'Manual-Secret-124');
    t.check('"Two secrets are inconsistent"', (await text('#confirm-token-error')) === 'Two secrets are inconsistent');
    await page.fill('#confirm-token', 'Manual-Secret-123');
    await page.click('#refresh-token-refresh');
    await gone('#refresh-secret-dialog');
    await toastSays('Refreshed secret successfully');
    ciSecret = 'Manual-Secret-123';
    t.check('the typed secret works', curlStatus('robot$ci-bot', ciSecret, '/v2/') === '200');
  });

  await t.step('EDIT a robot', async () => {
    await menu('robot-action', 'system-robot-edit');
    await page.waitForSelector('#robot-dialog');
    t.check('title "Edit System Robot Account", name fixed',
      (await text('#robot-dialog .modal-title')) === 'Edit System Robot Account' && (await page.isDisabled('#name')));
    await page.fill('#description', 'CI pushes and pulls');
    await page.click('#robot-next');
    await page.waitForSelector(row(PROJECT));
    t.check('its project is still chosen', await page.isChecked(`${row(PROJECT)} td.berth-select-cell input`));
    await page.click('#robot-finish');
    await gone('#robot-dialog');
    await toastSays('Updated robot successfully');
    const [r] = await t.api('/robots?q=name%3Drobot%24ci-bot');
    t.check('the API holds the edit, grants kept', r?.description === 'CI pushes and pulls' && r.permissions[0].access.length === 5, JSON.stringify(r));
  });

  await t.step('a robot covering all projects, then DELETE', async () => {
    await toggleRow('robot$ci-bot');
    await page.click('#new-robot-account');
    await page.fill('#name', 'ci-bot');
    await page.press('#name', 'Tab');
    await page.waitForSelector('#name-error:text("Robot Account already exists.")');
    t.ok('a taken robot name is reported');
    await page.fill('#name', 'all-reader');
    await page.click('#robot-next');
    await page.check('#coverAll');
    await page.check('#perm-cover-all input[data-perm="repository:pull"]');
    await page.click('#robot-finish');
    await page.waitForSelector('#robot-secret-dialog');
    const secret = await page.inputValue('#robot-secret');
    await page.click('#robot-secret-close');
    await page.waitForSelector(row('robot$all-reader'));
    const r = await page.textContent(row('robot$all-reader'));
    t.check('row: "All projects with 1 PERMISSION(S)", "Expires in 30 days"', r.includes('All projects with') && r.includes('1 PERMISSION(S)') && r.includes('Expires in 30 days'), r);
    const [api] = await t.api('/robots?q=name%3Drobot%24all-reader');
    t.check('the API holds namespace * and the default 30 days', api?.permissions?.[0]?.namespace === '*' && api.duration === 30, JSON.stringify(api));
    t.check('its secret works on library', curlStatus('robot$all-reader', secret, '/v2/') === '200');
    await toggleRow('robot$all-reader');
    await menu('robot-action', 'system-robot-delete');
    await page.waitForSelector('#delete-robot-confirm');
    t.check('"Do you want to delete robot accounts robot$all-reader?"',
      (await text('#delete-robot-confirm .modal-body')) === 'Do you want to delete robot accounts robot$all-reader?');
    await page.click('#delete-robot-confirm-ok');
    await gone(row('robot$all-reader'));
    t.check('the API no longer has it', (await t.api('/robots?q=name%3Drobot%24all-reader')).length === 0);
  });

  await t.step('project Robot Accounts tab', async () => {
    await page.goto(`${BERTH_URL}/harbor/projects/${project.project_id}/robot-account`);
    await page.waitForSelector('#new-robot-account:not([disabled])');
    await t.accessible('the project Robot Accounts tab');
    await page.click('#new-robot-account');
    t.check('title "Create Robot Account", prefix with the project',
      (await text('#robot-dialog .modal-title')) === 'Create Robot Account' && (await text('#name-prefix')) === `robot$${PROJECT}+`);
    await page.fill('#name', 'builder');
    await page.selectOption('#expiration-type', 'days');
    await page.fill('#robotTokenExpiration', '7');
    await page.click('#robot-next');
    t.check('step "Select Permissions"', (await text('#wizard-step-title')) === 'Select Permissions');
    await page.click('#perm-project-select-all');
    const boxes = await page.$$eval('#perm-project input[type=checkbox]', (bs) => bs.map((b) => b.checked));
    t.check('Select all checks every grant', boxes.length > 10 && boxes.every(Boolean), String(boxes.length));
    await t.accessible('the project robot wizard');
    await shot('project-robot');
    await page.click('#robot-finish');
    await page.waitForSelector('#robot-secret-dialog');
    const name = `robot$${PROJECT}+builder`;
    const secret = await page.inputValue('#robot-secret');
    await page.click('#robot-secret-close');
    await page.waitForSelector(row(name));
    const [r] = await t.api(`/robots?q=name%3D${encodeURIComponent(name)}`);
    t.check('the API holds a project robot for 7 days on the project',
      r?.level === 'project' && r.duration === 7 && r.permissions[0].namespace === PROJECT && r.permissions[0].access.length === boxes.length,
      JSON.stringify(r));
    t.check(`curl -u ${name}:<secret> /api/v2.0/projects/${PROJECT}/logs answers 200`,
      curlStatus(name, secret, `/api/v2.0/projects/${PROJECT}/logs`) === '200');
    t.check('the robot may not read another project\'s logs', curlStatus(name, secret, '/api/v2.0/projects/library/logs') === '403');
  });

  await t.step('Logs: every entry, a filter and a time range', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/logs"]');
    await page.waitForURL(`${BERTH_URL}/harbor/logs/audit-log`);
    await page.waitForSelector('table.berth-grid tbody tr td:not(.berth-empty)');
    const total = await apiTotal('/audit-logs?page_size=1');
    t.check('the pager counts what the API holds', (await pagerText()).endsWith(`of ${total} items`), `${await pagerText()} vs ${total}`);
    t.check('newest first: the last robot created is on top', (await page.textContent('table.berth-grid tbody tr')).includes(`robot$${PROJECT}+builder`));
    await t.accessible('the Logs page');
    await page.selectOption('#selectKey', 'resource_type');
    await page.fill('input[placeholder="Filter Logs"]', 'robot');
    const robots = await apiTotal('/audit-logs?q=resource_type%3D~robot&page_size=1');
    await page.waitForFunction((n) => document.querySelector('.berth-pager-text')?.textContent.endsWith(`of ${n} items`), robots);
    const types = await page.$$eval('table.berth-grid tbody tr td:nth-child(3)', (tds) => [...new Set(tds.map((d) => d.textContent.trim()))]);
    t.check('only robot entries', JSON.stringify(types) === '["robot"]', JSON.stringify(types));
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.fill('#log-from', day);
    await page.waitForSelector('td.berth-empty:text("We couldn\'t find any logs!")');
    t.ok('from tomorrow: no logs');
    await page.fill('#log-from', '');
    await page.waitForFunction((n) => document.querySelector('.berth-pager-text')?.textContent.endsWith(`of ${n} items`), robots);
    t.ok('range cleared: the robot entries again');
  });

  await t.step('project Logs tab', async () => {
    await page.goto(`${BERTH_URL}/harbor/projects/${project.project_id}/logs`);
    await page.waitForSelector('table.berth-grid tbody tr td:not(.berth-empty)');
    const total = await apiTotal(`/projects/${PROJECT}/logs?page_size=1`);
    t.check('the pager counts the project\'s entries', (await pagerText()).endsWith(`of ${total} items`), `${await pagerText()} vs ${total}`);
    const resources = await page.$$eval('table.berth-grid tbody tr td:nth-child(2)', (tds) => tds.map((d) => d.textContent.trim()));
    t.check('the project\'s own entries (its labels, its robot)', resources.includes('qa-passed') && resources.includes(`robot$${PROJECT}+builder`),
      JSON.stringify(resources));
    await t.accessible('the project Logs tab');
  });

  await t.step('account menu: User Profile', async () => {
    await page.click('#user-menu');
    await page.click('#user-profile');
    await page.waitForSelector('#account_settings_email');
    t.check('username shown, read-only', (await page.inputValue('#account_settings_username')) === 'admin' && (await page.isDisabled('#account_settings_username')));
    await page.fill('#account_settings_email', 'not-an-email');
    t.check('a bad email is explained', (await text('#account_settings_email-error')).includes('valid email address'));
    await page.fill('#account_settings_email', 'root@example.com');
    await page.fill('#account_settings_full_name', 'Berth Admin');
    await page.fill('#account_settings_comments', 'set in the portal');
    await t.accessible('the User Profile dialog');
    await shot('user-profile');
    await page.click('#submit-btn');
    await gone('#user-profile-dialog');
    await toastSays('User profile saved successfully.');
    const me = await t.api('/users/current');
    t.check('the API holds the profile', me.email === 'root@example.com' && me.realname === 'Berth Admin' && me.comment === 'set in the portal', JSON.stringify(me));
  });

  await t.step('account menu: Change Password (as alice)', async () => {
    await page.click('#user-menu');
    await page.click('#log-out');
    await page.waitForSelector('#login_username');
    await t.signIn('alice', 'Reset-Passw0rd');
    await page.waitForSelector('.main-container');
    t.check('alice sees no Administration', !(await page.$('.clr-vertical-nav .nav-group')));
    await page.goto(`${BERTH_URL}/harbor/users`);
    await page.waitForSelector('h2:text("Not allowed")');
    t.ok('and /harbor/users is not for her');
    await page.click('#user-menu');
    await page.click('#change-password');
    await page.waitForSelector('#change-password-dialog');
    await page.fill('#oldPassword', 'Wrong-Passw0rd');
    await page.fill('#newPassword', 'Alice-New-Passw0rd');
    await page.fill('#reNewPassword', 'Alice-New-Passw0rX');
    t.check('"Passwords do not match." and OK disabled',
      (await text('#reNewPassword-error')) === 'Passwords do not match.' && (await page.isDisabled('#ok-btn')));
    await page.fill('#reNewPassword', 'Alice-New-Passw0rd');
    await t.accessible('the Change Password dialog');
    await shot('change-password');
    await page.click('#ok-btn');
    await page.waitForSelector('#change-password-error');
    t.check('a wrong current password is said at the top', (await text('#change-password-error')).length > 0, await text('#change-password-error'));
    await page.fill('#oldPassword', 'Reset-Passw0rd');
    await page.click('#ok-btn');
    await gone('#change-password-dialog');
    await toastSays('User password changed successfully.');
    t.check('the new password works, the old one not',
      curlStatus('alice', 'Alice-New-Passw0rd', '/api/v2.0/users/current') === '200' &&
      curlStatus('alice', 'Reset-Passw0rd', '/api/v2.0/users/current') === '401');
  });

  await t.step('a guest sees the project\'s robots and labels, read-only', async () => {
    t.check('alice made a guest of the project', (await apiSend('POST', `/projects/${PROJECT}/members`,
      { role_id: 3, member_user: { username: 'alice' } })) === 201);
    await page.goto(`${BERTH_URL}/harbor/projects/${project.project_id}/robot-account`);
    await page.waitForSelector(row(`robot$${PROJECT}+builder`));
    t.check('the robot is listed; NEW ROBOT ACCOUNT disabled, no ACTION menu',
      (await page.isDisabled('#new-robot-account')) && !(await page.$('#robot-action')));
    await page.click('#project-tab-labels');
    await page.waitForSelector(row('qa-passed'));
    t.check('labels listed; NEW LABEL disabled', await page.isDisabled('#new-label'));
    await t.accessible('the project Labels tab of a guest');
  });

  await t.step('the theme switch', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/logs"]');
    await page.waitForSelector('h2:text("Logs")');
    const before = await page.getAttribute('body', 'cds-theme');
    const label = await text('.berth-theme-toggle');
    t.check('it names the other theme', label === (before === 'dark' ? 'LIGHT' : 'DARK'), `${before} / ${label}`);
    await page.click('.berth-theme-toggle');
    const after = before === 'dark' ? 'light' : 'dark';
    t.check('the theme changes', (await page.getAttribute('body', 'cds-theme')) === after);
    await t.accessible(`the Logs page in the ${after} theme`);
    await page.click('#user-menu');
    await page.click('#user-profile');
    await page.waitForSelector('#account_settings_email');
    await t.accessible(`the User Profile dialog in the ${after} theme`);
    await shot(`user-profile-${after}`);
    await page.click('#cancel-btn');
    await gone('#user-profile-dialog');
  });
});
