// The seed's third workflow through the portal, word for word ("Repository replication from
// Harbor to a private ECR repository"): NEW PROJECT nonproxy-project; Registries › NEW ENDPOINT
// Aws ECR private-ecr against the fake ECR; NEW REPLICATION RULE push-based, nonproxy-project/**,
// destination private-ecr, Event Based; an image and a Helm chart pushed; the executions succeed
// in the executions list, then on the tasks page with their logs. Then the rest of the
// Replications pages: EDIT (bandwidth), live progress on the tasks page and STOP there, REPLICATE
// and STOP from the executions list, the executions filter, DEACTIVATE / ENABLE, a pull-based
// scheduled rule and DELETE, validation under the fields and a server refusal in plain words.
// Every step checks the page and what the API then holds; axe-core on each page and dialog.
//
// Environment (test_replication_workflow.sh): BERTH_URL, OUT_DIR, BERTH_HOST, ECR_URL, AK, SK,
// LAYOUT (an OCI layout with images `alpine` and `big`), CHART_DIR (config.json, chart.tgz,
// manifest.json of a Helm chart).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { run, BERTH_URL, ADMIN } from './lib.mjs';

const { BERTH_HOST, ECR_URL, AK, SK, LAYOUT, CHART_DIR } = process.env;
const RULE = 'nonproxy-to-ecr';

// skopeo, as a user pushes (docker push in the seed).
function pushImage(tag, ref) {
  execFileSync('skopeo', ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false',
    '--dest-creds', 'admin:Harbor12345', `oci:${LAYOUT}:${tag}`, `docker://${BERTH_HOST}/${ref}`], { stdio: 'pipe', timeout: 60_000 });
}

// A Helm chart as helm push sends it: two blobs, then the OCI manifest.
async function pushChart(repo, tag) {
  const v2 = (p, init = {}) => fetch(new URL(p, BERTH_URL), { ...init, headers: { Authorization: ADMIN, ...(init.headers ?? {}) } });
  for (const f of ['config.json', 'chart.tgz']) {
    const bytes = readFileSync(`${CHART_DIR}/${f}`);
    const digest = 'sha256:' + createHash('sha256').update(bytes).digest('hex');
    const start = await v2(`/v2/${repo}/blobs/uploads/`, { method: 'POST' });
    if (start.status !== 202) throw new Error(`blob upload start: ${start.status}`);
    const loc = new URL(start.headers.get('location'), BERTH_URL);
    loc.searchParams.set('digest', digest);
    const put = await v2(loc.toString(), { method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    if (put.status !== 201) throw new Error(`blob upload: ${put.status}`);
  }
  const manifest = readFileSync(`${CHART_DIR}/manifest.json`);
  const res = await v2(`/v2/${repo}/manifests/${tag}`, {
    method: 'PUT', body: manifest, headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  if (res.status !== 201) throw new Error(`chart manifest: ${res.status} ${await res.text()}`);
}

await run(async (t) => {
  const { page } = t;
  const text = async (sel) => ((await page.textContent(sel)) ?? '').trim();
  const policyByName = async (name) => (await t.api(`/replication/policies?q=name%3D${name}`))[0];
  const executions = async (policyId) => t.api(`/replication/executions?policy_id=${policyId}&page_size=50`);
  const waitRows = (pred, timeout = 30_000) =>
    page.waitForFunction(pred, null, { timeout, polling: 250 });
  const toastHas = async (words) => (await text('.berth-toasts')).includes(words);
  // Toasts sit over the top of the page for 10 s; a user closes them to reach what is under them.
  const closeToasts = async () => {
    const close = page.locator('.berth-toast button.close');
    while (await close.count()) await close.first().click();
  };
  // Event-based runs start a moment after the push; a user refreshes once they have.
  const apiUntil = async (what, fn, ms = 15_000) => {
    for (const end = Date.now() + ms; Date.now() < end; await page.waitForTimeout(200)) if (await fn()) return;
    throw new Error(`the API never showed ${what}`);
  };

  await t.step('sign in and NEW PROJECT nonproxy-project', async () => {
    await t.openSignedIn('/harbor/projects');
    await page.waitForSelector('h2:text("Projects")');
    await page.click('#new-project');
    await page.fill('#create_project_name', 'nonproxy-project');
    await page.click('#new-project-ok');
    await page.waitForSelector('#new-project-dialog', { state: 'detached' });
    await page.waitForSelector('text=nonproxy-project');
    const p = await t.api('/projects?name=nonproxy-project');
    t.check('the API holds project nonproxy-project', Array.isArray(p) && p.some((x) => x.name === 'nonproxy-project'), JSON.stringify(p));
  });

  let ecrId = 0;
  await t.step('Registries › NEW ENDPOINT Aws ECR private-ecr', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/registries"]');
    await page.waitForSelector('h2:text("Registries")');
    await page.click('#add');
    await page.waitForSelector('#endpoint-dialog');
    await page.selectOption('#adapter', { label: 'Aws ECR' });
    await page.fill('#destination_name', 'private-ecr');
    // The seed's URL, trailing slash included.
    await page.fill('#destination_url', `${ECR_URL}/`);
    await page.fill('#destination_access_key', AK);
    await page.fill('#destination_password', SK);
    await page.click('#test-connection');
    await page.waitForSelector('#ping-result');
    t.check('TEST CONNECTION succeeds against the fake ECR', (await text('#ping-result')).includes('Connection tested successfully.'),
      await text('#ping-result'));
    await page.click('#endpoint-ok');
    await page.waitForSelector('#endpoint-dialog', { state: 'detached' });
    const row = await text('tr[data-name="private-ecr"]');
    t.check('the list shows private-ecr Healthy, Aws ECR', row.includes('Healthy') && row.includes('Aws ECR'), row);
    const reg = (await t.api('/registries')).find((r) => r.name === 'private-ecr');
    t.check('the API holds an aws-ecr endpoint with the access key', reg?.type === 'aws-ecr' && reg.url === ECR_URL &&
      reg.credential?.access_key === AK, JSON.stringify(reg));
    ecrId = reg?.id ?? 0;
  });

  await t.step('Administration › Replications, no rule yet', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/replications"]');
    await page.waitForURL(`${BERTH_URL}/harbor/replications`);
    await page.waitForSelector('h2:text("Replications")');
    await page.waitForSelector('#replication-rules td.berth-empty:text("We couldn\'t find any replication rules!")');
    t.check('Replications highlighted in the left panel', (await text('.clr-vertical-nav .nav-link.active')).includes('Replications'));
    const heads = await page.$$eval('#replication-rules thead th:not(.berth-select-cell)', (ths) => ths.map((th) => th.textContent.trim()));
    t.check("Harbor's rule columns in Harbor's order", JSON.stringify(heads) === JSON.stringify(['Name', 'Status', 'Source registry',
      'Replication Mode', 'Destination Registry:Namespace', 'Destination Repository Flattening', 'Bandwidth', 'Description', 'Trigger']),
      JSON.stringify(heads));
    t.check('REPLICATE and Actions disabled without a selected rule',
      (await page.isDisabled('#replication_exe_id')) && (await page.isDisabled('#rule-action')));
    await t.accessible('the Replications page');
  });

  await t.step('NEW REPLICATION RULE says what is wrong under each field', async () => {
    await page.click('#new_replication_rule_id');
    await page.waitForSelector('#rule-dialog #ruleName');
    t.check('title "New Replication Rule"', (await text('#rule-dialog .modal-title')) === 'New Replication Rule');
    t.check('Push-based by default', await page.isChecked('#push_base'));
    t.check('Enable rule only when editing', !(await page.$('#enablePolicy')));
    t.check('Override on by default', await page.isChecked('#overridePolicy'));
    t.check('Bandwidth -1 Kbps by default', (await page.inputValue('#speed')) === '-1' && (await page.inputValue('#speed_unit')) === 'Kbps');
    t.check('Flatten 1 Level by default', (await page.inputValue('#dest_namespace_replace_count')) === '1');
    await page.fill('#ruleName', 'Bad Name');
    t.check('the name rule under Name', (await text('#name-error')).includes('lower case characters'), await text('#name-error'));
    await page.selectOption('#ruleTrigger', 'scheduled');
    await page.fill('#targetCron', '* * * * * *');
    t.check("Harbor's cron message under Cron String",
      (await text('#cron-error')) === 'The 1st field of the cron string must be 0 and the 2nd filed can not be "*"', await text('#cron-error'));
    await page.fill('#speed', '0');
    t.check('the bandwidth rule under Bandwidth', (await text('#speed-error')) === 'Please enter -1 or an integer greater than 0');
    t.check('SAVE disabled while anything is wrong', await page.isDisabled('#ruleBtnOk'));
    await page.selectOption('#ruleTrigger', 'event_based');
    t.check('Event Based: "Delete remote resources when locally deleted" shown, Single active replication hidden',
      (await page.isVisible('#ruleDeletion')) && !(await page.$('#singleActiveReplication')));
    await t.accessible('the NEW REPLICATION RULE dialog');
  });

  let policy;
  await t.step(`NEW REPLICATION RULE ${RULE}: push, nonproxy-project/**, private-ecr, Event Based`, async () => {
    await page.click('#ruleBtnCancel');
    await page.waitForSelector('#rule-dialog', { state: 'detached' });
    await page.click('#new_replication_rule_id');
    await page.waitForSelector('#rule-dialog #ruleName');
    await page.fill('#ruleName', RULE);
    await page.fill('#ruleDescription', 'the seed workflow: nonproxy-project to a private ECR');
    await page.fill('#filter_name', 'nonproxy-project/ **');
    t.check('spaces stripped from the name filter', (await page.inputValue('#filter_name')) === 'nonproxy-project/**');
    t.check('no ECR options before an ECR destination is chosen', !(await page.$('#dest_scan_on_push')));
    await page.selectOption('#dest_registry', String(ecrId));
    await page.waitForSelector('#dest_scan_on_push');
    await page.check('#dest_scan_on_push');
    await page.selectOption('#ruleTrigger', { label: 'Event Based' });
    await page.check('#ruleDeletion');
    await page.click('#ruleBtnOk');
    await page.waitForSelector('#rule-dialog', { state: 'detached' });
    await page.waitForSelector(`tr[data-name="${RULE}"]`);
    const row = await text(`tr[data-name="${RULE}"]`);
    t.check('the grid: Enabled, Local, push-based, "private-ecr : -", Unlimited, Event Based',
      ['Enabled', 'Local', 'push-based', 'private-ecr : -', 'Unlimited', 'Event Based'].every((w) => row.includes(w)), row);
    t.check('toast "Created replication rule successfully."', await toastHas('Created replication rule successfully.'));
    policy = await policyByName(RULE);
    const f = policy?.filters ?? [];
    t.check('the API holds the rule as entered', policy && policy.dest_registry?.id === ecrId && !policy.src_registry?.id &&
      policy.trigger?.type === 'event_based' && policy.deletion === true && policy.override === true && policy.enabled === true &&
      f.length === 1 && f[0].type === 'name' && f[0].value === 'nonproxy-project/**' &&
      policy.dest_repository_settings?.scan_on_push === true && policy.dest_repository_settings?.tag_immutability === false,
      JSON.stringify(policy));
  });

  await t.step('push an image and a Helm chart; the executions succeed in the list', async () => {
    await page.check(`tr[data-name="${RULE}"] input[type=radio]`);
    await page.waitForSelector('#replication-executions td.berth-empty:text("We couldn\'t find any replication jobs!")');
    t.check('the rule selected shows the "Executions" of it', (await text('#executions-title')) === 'Executions');
    pushImage('alpine', 'nonproxy-project/alpine:latest');
    await pushChart('nonproxy-project/charts/mychart', '0.1.0');
    await apiUntil('two executions', async () => (await executions(policy.id)).length === 2);
    // Harbor's list shows new runs on refresh; then it refreshes itself while one runs.
    await page.click('button[aria-label="Refresh executions"]');
    await waitRows(() => [...document.querySelectorAll('#replication-executions tbody tr[data-id]')]
      .filter((r) => r.innerText.includes('Succeeded')).length === 2);
    const rows = await t.rowTexts('#replication-executions tbody tr[data-id]');
    t.check('two Event Based executions, 100%, one task each',
      rows.length === 2 && rows.every((r) => r.includes('Event Based') && r.includes('100%') && /\t1\s*$/.test(r)), rows.join('\n'));
    const ex = await executions(policy.id);
    t.check('the API agrees: two succeeded event_based executions', ex.length === 2 &&
      ex.every((e) => e.status === 'Succeed' && e.trigger === 'event_based' && e.succeed === 1), JSON.stringify(ex));
    await t.accessible('the Replications page with executions');
  });

  await t.step('the tasks page of the image: task, bytes, log', async () => {
    const ex = await executions(policy.id);
    let id = 0;
    for (const e of ex) {
      const tasks = await t.api(`/replication/executions/${e.id}/tasks`);
      if (tasks[0]?.src_resource?.startsWith('nonproxy-project/alpine')) id = e.id;
    }
    await page.click(`#replication-executions tr[data-id="${id}"] a`);
    await page.waitForURL(`${BERTH_URL}/harbor/replications/${id}/tasks`);
    await page.waitForSelector('#replication-tasks tbody tr[data-id]');
    t.check('"Execution <id>" with a Success chip', (await text('#execution-id')) === String(id) && (await text('#execution-status')) === 'Success');
    const facts = await text('#execution-summary');
    t.check('Trigger Mode Event Based, one success, bytes transferred', facts.includes('Event Based') &&
      (await text('#count-succeed')) === '1' && (await text('#count-failed')) === '0' && /KB of .*KB/.test(facts), facts);
    const heads = await page.$$eval('#replication-tasks thead th', (ths) => ths.map((th) => th.textContent.trim()));
    t.check('task columns', JSON.stringify(heads) === JSON.stringify(['Task ID', 'Resource Type', 'Source', 'Destination',
      'Operation', 'Status', 'Transferred', 'Start Time', 'End Time', 'Duration', 'Logs']), JSON.stringify(heads));
    const row = await text('#replication-tasks tbody tr[data-id]');
    t.check('the task: image nonproxy-project/alpine:[latest] copied, Succeeded',
      row.includes('image') && row.split('nonproxy-project/alpine:[latest]').length === 3 && row.includes('copy') && row.includes('Succeeded'), row);
    const href = await page.getAttribute('#replication-tasks a.berth-log-link', 'href');
    t.check('Logs opens the task log in a new tab', (await page.getAttribute('#replication-tasks a.berth-log-link', 'target')) === '_blank');
    const log = await page.request.get(`${BERTH_URL}${href}`);
    const body = await log.text();
    t.check('the log (with the session) names the copied manifest', log.status() === 200 && body.includes('copied manifest') &&
      body.includes('done'), `${log.status()} ${body.slice(0, 400)}`);
    await t.accessible('the tasks page');
  });

  await t.step('REPLICATE asks first, then starts a manual run', async () => {
    await page.click('a:text("< Replication")');
    await page.waitForURL(`${BERTH_URL}/harbor/replications`);
    await page.check(`tr[data-name="${RULE}"] input[type=radio]`);
    await page.click('#replication_exe_id');
    await page.waitForSelector('#replicate-rule-confirm');
    t.check('"Confirm Replication Rule Execution" naming the rule',
      (await text('#replicate-rule-confirm .modal-title')) === 'Confirm Replication Rule Execution' &&
      (await text('#replicate-rule-confirm .modal-body')).includes(RULE));
    await t.accessible('the REPLICATE confirmation');
    await page.click('#replicate-rule-confirm-ok');
    await page.waitForSelector('#replicate-rule-confirm', { state: 'detached' });
    await waitRows(() => [...document.querySelectorAll('#replication-executions tbody tr[data-id]')]
      .some((r) => r.innerText.includes('Manual') && r.innerText.includes('Succeeded')));
    t.check('toast "Started successfully"', await toastHas('Started successfully'));
    const manual = (await executions(policy.id)).filter((e) => e.trigger === 'manual');
    t.check('the API holds one manual execution, succeeded (both resources, nothing new to copy)',
      manual.length === 1 && manual[0].status === 'Succeed' && manual[0].total === 2 && manual[0].bytes_done === 0, JSON.stringify(manual));
    await page.selectOption('#execution-filter-field', 'trigger');
    await page.selectOption('#filter-executions', 'manual');
    await waitRows(() => document.querySelectorAll('#replication-executions tbody tr[data-id]').length === 1);
    t.check('filter by Trigger = Manual shows only the manual run', (await text('#replication-executions tbody')).includes('Manual'));
    await page.selectOption('#filter-executions', '');
    await waitRows(() => document.querySelectorAll('#replication-executions tbody tr[data-id]').length === 3);
  });

  await t.step('EDIT: the dialog shows the rule; bandwidth 1 Mbps, a label excluded', async () => {
    await t.api('/labels', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'do-not-replicate', scope: 'g', color: '#C92100' }) });
    await closeToasts();
    await page.click('#rule-action');
    await page.click('#edit_replication_rule_id');
    await page.waitForSelector('#rule-dialog #ruleName');
    await page.waitForFunction(() => document.querySelector('#ruleName')?.value);
    t.check('title "Edit Replication Rule"', (await text('#rule-dialog .modal-title')) === 'Edit Replication Rule');
    t.check('the stored values are shown', (await page.inputValue('#ruleName')) === RULE &&
      (await page.inputValue('#filter_name')) === 'nonproxy-project/**' && (await page.inputValue('#dest_registry')) === String(ecrId) &&
      (await page.inputValue('#ruleTrigger')) === 'event_based' && (await page.isChecked('#ruleDeletion')) &&
      (await page.isChecked('#dest_scan_on_push')) && (await page.isChecked('#enablePolicy')) && (await page.isDisabled('#pull_base')));
    t.check('SAVE disabled until something changes', await page.isDisabled('#ruleBtnOk'));
    await page.fill('#speed', '1');
    await page.selectOption('#speed_unit', 'Mbps');
    // A global label no artifact carries, excluded: everything still goes.
    await page.selectOption('#filter_label_decoration', 'excludes');
    await page.check('#labelFilter label:text("do-not-replicate")');
    await t.accessible('the EDIT REPLICATION RULE dialog');
    await page.click('#ruleBtnOk');
    await page.waitForSelector('#rule-dialog', { state: 'detached' });
    await page.waitForSelector(`tr[data-name="${RULE}"]:has-text("1 Mbps")`);
    t.check('toast "Updated replication rule successfully."', await toastHas('Updated replication rule successfully.'));
    const p = await policyByName(RULE);
    const label = p.filters.find((f) => f.type === 'label');
    t.check('the API holds the label filter', label?.decoration === 'excludes' &&
      JSON.stringify(label.value) === '["do-not-replicate"]', JSON.stringify(p.filters));
    t.check('the API holds speed 1024 Kb/s, the rest unchanged', p.speed === 1024 && p.trigger.type === 'event_based' &&
      p.deletion === true && p.dest_repository_settings?.scan_on_push === true, JSON.stringify(p));
  });

  let runningId = 0;
  await t.step('a throttled run (1 Mbps): live progress on the tasks page', async () => {
    pushImage('big', 'nonproxy-project/big:v1');
    await apiUntil('a running execution', async () => (await executions(policy.id)).some((e) => e.status === 'InProgress'));
    await page.click('button[aria-label="Refresh executions"]');
    await waitRows(() => [...document.querySelectorAll('#replication-executions tbody tr[data-id]')]
      .some((r) => r.innerText.includes('In Progress')), 15_000);
    const running = (await executions(policy.id)).find((e) => e.status === 'InProgress');
    await page.click(`#replication-executions tr[data-id="${running.id}"] a`);
    await page.waitForURL(`${BERTH_URL}/harbor/replications/${running.id}/tasks`);
    await page.waitForSelector('#execution-status:text("In Progress")');
    await page.evaluate(() => (window.__samePage = true));
    const before = await text('#execution-bytes');
    await page.waitForFunction((b) => {
      const now = document.querySelector('#execution-bytes')?.textContent.trim();
      return now && now !== b && / of /.test(now);
    }, before, { timeout: 10_000 });
    const after = await text('#execution-bytes');
    t.check(`bytes move without a reload (${before} → ${after})`, await page.evaluate(() => window.__samePage === true));
    t.check('the task row shows its bytes too', / of /.test(await text('#replication-tasks tbody tr[data-id]')));
    runningId = running.id;
  });

  await t.step('STOP on the tasks page; the polling ends with the run', async () => {
    const running = { id: runningId };
    await page.click('#execution-stop');
    await page.waitForSelector('#stop-execution-confirm');
    t.check('"Confirm Stop Executions"', (await text('#stop-execution-confirm .modal-title')) === 'Confirm Stop Executions');
    await page.click('#stop-execution-confirm-ok');
    await page.waitForSelector('#execution-status:text("Stopped")', { timeout: 15_000 });
    const e = await t.api(`/replication/executions/${running.id}`);
    t.check('the API: execution Stopped, not all bytes copied', e.status === 'Stopped' && e.bytes_done < e.bytes_total, JSON.stringify(e));
    let polls = 0;
    const count = (r) => r.url().includes(`/replication/executions/${running.id}`) && polls++;
    page.on('request', count);
    await page.waitForTimeout(3000);
    page.off('request', count);
    t.check('no polling once the run has ended', polls === 0, `${polls} requests`);
  });

  await t.step('STOP from the executions list', async () => {
    await page.click('a:text("< Replication")');
    await page.check(`tr[data-name="${RULE}"] input[type=radio]`);
    await page.click('#replication_exe_id');
    await page.click('#replicate-rule-confirm-ok');
    await waitRows(() => [...document.querySelectorAll('#replication-executions tbody tr[data-id]')]
      .some((r) => r.innerText.includes('In Progress')), 15_000);
    const running = (await executions(policy.id)).find((e) => e.status === 'InProgress');
    // Its tasks page polls while it runs, and stops polling once the page is left.
    await page.click(`#replication-executions tr[data-id="${running.id}"] a`);
    await page.waitForSelector('#execution-status:text("In Progress")');
    await page.click('a:text("< Replication")');
    await page.waitForURL(`${BERTH_URL}/harbor/replications`);
    let polls = 0;
    const count = (r) => r.url().includes(`/replication/executions/${running.id}`) && polls++;
    page.on('request', count);
    await page.check(`tr[data-name="${RULE}"] input[type=radio]`);
    await page.waitForSelector(`#replication-executions tr[data-id="${running.id}"]:has-text("In Progress")`);
    await page.waitForTimeout(2500);
    page.off('request', count);
    t.check('the tasks page asks nothing more once left', polls === 0, `${polls} requests`);
    await page.check(`#replication-executions tr[data-id="${running.id}"] input[type=checkbox]`);
    await page.click('#stop-execution');
    await page.waitForSelector('#stop-execution-confirm');
    await page.click('#stop-execution-confirm-ok');
    await page.waitForSelector(`#replication-executions tr[data-id="${running.id}"]:has-text("Stopped")`, { timeout: 15_000 });
    const e = await t.api(`/replication/executions/${running.id}`);
    t.check('the API: the manual run Stopped', e.status === 'Stopped' && e.trigger === 'manual', JSON.stringify(e));
  });

  await t.step('Actions › DEACTIVATE, then ENABLE', async () => {
    await closeToasts();
    await page.click('#rule-action');
    await page.click('#rule-disable');
    await page.click('#disable-rule-confirm-ok');
    await page.waitForSelector(`tr[data-name="${RULE}"]:has-text("Deactivated")`);
    t.check('REPLICATE disabled for a deactivated rule', await page.isDisabled('#replication_exe_id'));
    t.check('the API: enabled false', (await policyByName(RULE)).enabled === false);
    await closeToasts();
    await page.click('#rule-action');
    await page.click('#rule-enable');
    await page.click('#enable-rule-confirm-ok');
    await page.waitForSelector(`tr[data-name="${RULE}"]:has-text("Enabled")`);
    const p = await policyByName(RULE);
    t.check('the API: enabled again, nothing else changed', p.enabled === true && p.speed === 1024 && p.deletion === true, JSON.stringify(p));
  });

  await t.step('a pull-based Scheduled rule: the server refuses a bad cron in plain words', async () => {
    await page.click('#new_replication_rule_id');
    await page.waitForSelector('#rule-dialog #ruleName');
    await page.fill('#ruleName', RULE);
    await page.waitForSelector('#name-error:text("Name already exists.")');
    t.ok('"Name already exists." for a taken name');
    await page.fill('#ruleName', 'from-ecr');
    await page.check('#pull_base');
    await page.waitForSelector('#src_registry_id');
    await page.selectOption('#src_registry_id', String(ecrId));
    await page.waitForFunction(() => document.querySelectorAll('#ruleTrigger option').length === 2);
    const triggers = await page.$$eval('#ruleTrigger option', (os) => os.map((o) => o.textContent.trim()));
    t.check('pull mode: Manual and Scheduled only', JSON.stringify(triggers) === '["Manual","Scheduled"]', JSON.stringify(triggers));
    t.check('no label filter for an ECR source', !(await page.$('#filter_label_decoration')));
    await page.fill('#filter_name', 'nonproxy-project/alpine');
    await page.fill('#dest_namespace', 'nonproxy-project');
    // More levels than nonproxy-project/alpine has: its runs fail, and say why (below).
    await page.selectOption('#dest_namespace_replace_count', '3');
    await page.selectOption('#ruleTrigger', 'scheduled');
    await page.fill('#targetCron', '0 0 25 * * *');
    await page.click('#ruleBtnOk');
    await page.waitForSelector('#rule-error');
    const err = await text('#rule-error');
    t.check('the refusal at the top of the dialog, with the reason', err.startsWith('Could not save the rule:') && /cron/i.test(err), err);
    t.check('... scrolled into view', await page.$eval('#rule-error', (el) => {
      const r = el.getBoundingClientRect();
      const w = el.closest('.modal-body-wrapper').getBoundingClientRect();
      return r.top >= w.top - 1 && r.bottom <= w.bottom + 1;
    }));
    t.check('nothing stored', !(await policyByName('from-ecr')));
  });

  await t.step('the pull-based rule saved with a good cron', async () => {
    await page.fill('#targetCron', '0 0 3 * * *');
    await page.click('#ruleBtnOk');
    await page.waitForSelector('#rule-dialog', { state: 'detached' });
    const row = await text('tr[data-name="from-ecr"]');
    t.check('the grid: private-ecr → Local : nonproxy-project, pull-based, Scheduled with its cron',
      ['private-ecr', 'pull-based', 'Local : nonproxy-project', 'Flatten 3 Levels', 'Scheduled', '0 0 3 * * *'].every((w) => row.includes(w)), row);
    const p = await policyByName('from-ecr');
    await page.fill('#filter-rules', 'from');
    await waitRows(() => document.querySelectorAll('#replication-rules tbody tr[data-name]').length === 1);
    t.check('Filter Rules "from" leaves from-ecr alone', (await t.rowTexts('#replication-rules tbody tr[data-name]'))[0].includes('from-ecr'));
    await page.fill('#filter-rules', '');
    await waitRows(() => document.querySelectorAll('#replication-rules tbody tr[data-name]').length === 2);
    t.check('the API holds the pull rule', p?.src_registry?.id === ecrId && !p.dest_registry?.id && p.trigger?.type === 'scheduled' &&
      p.trigger.trigger_settings?.cron === '0 0 3 * * *' && p.dest_namespace === 'nonproxy-project' &&
      p.dest_namespace_replace_count === 3, JSON.stringify(p));
  });

  await t.step('a failed run says why in its row and on its tasks page', async () => {
    await closeToasts();
    await page.check('tr[data-name="from-ecr"] input[type=radio]');
    await page.click('#replication_exe_id');
    await page.click('#replicate-rule-confirm-ok');
    await page.waitForSelector('#replication-executions tbody tr[data-id]:has-text("Failed")');
    const row = await text('#replication-executions tbody tr[data-id]');
    t.check('the reason under Failed, in the row', row.includes('flattening level is 3'), row);
    const [e] = await executions((await policyByName('from-ecr')).id);
    t.check('the API: Failed with that status_text', e?.status === 'Failed' && row.includes(e.status_text), JSON.stringify(e));
    await page.click(`#replication-executions tr[data-id="${e.id}"] a`);
    await page.waitForSelector('#execution-status:text("Failure")');
    t.check('the tasks page: Failure chip and the reason', (await text('#execution-status-text')).includes('flattening level is 3'));
    await page.click('a:text("< Replication")');
    await page.waitForSelector('#replication-executions tbody tr[data-id]:has-text("Failed")');
    t.check('back on Replications, the rule is still selected with its executions',
      await page.isChecked('tr[data-name="from-ecr"] input[type=radio]'));
  });

  await t.step('Actions › DELETE asks first, then removes the rule', async () => {
    await page.check('tr[data-name="from-ecr"] input[type=radio]');
    await closeToasts();
    await page.click('#rule-action');
    await page.click('#delete_replication_rule_id');
    await page.waitForSelector('#delete-rule-confirm');
    t.check('"Confirm Replication Rule Deletion" naming the rule',
      (await text('#delete-rule-confirm .modal-title')) === 'Confirm Replication Rule Deletion' &&
      (await text('#delete-rule-confirm .modal-body')).includes('from-ecr'));
    await t.accessible('the DELETE confirmation');
    await page.click('#delete-rule-confirm-ok');
    await page.waitForSelector('tr[data-name="from-ecr"]', { state: 'detached' });
    const all = await t.api('/replication/policies');
    t.check('the API: only the seed rule is left', all.length === 1 && all[0].name === RULE, JSON.stringify(all.map((p) => p.name)));
  });
});
