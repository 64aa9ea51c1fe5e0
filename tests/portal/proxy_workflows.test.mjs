// Seed workflows 1 and 2 through the portal, word for word: Registries › NEW ENDPOINT, Projects ›
// NEW PROJECT with Proxy Cache, a pull through the proxy project, then the cached artifact in the
// portal (Repositories tab, the artifact table with its tag and pull commands, the artifact
// page). Each step checks the page and what the API holds; axe on each new page.
//
// Environment (test_proxy_workflows.sh): BERTH_URL, BERTH_HOST, PUBLIC_URL (the public ECR
// stand-in), ECR_URL / ECR_AK / ECR_SK (the fake private ECR), CW_DIGEST / ALPINE_DIGEST (what
// the upstreams hold), PULL_DIR, OUT_DIR.
import { execFileSync } from 'node:child_process';
import { run, BERTH_URL } from './lib.mjs';

const { BERTH_HOST, PUBLIC_URL, ECR_URL, ECR_AK, ECR_SK, CW_DIGEST, ALPINE_DIGEST, PULL_DIR } = process.env;

// `docker pull <host>/<ref>` as the seed says, with skopeo and no credentials (the project is public).
function pull(ref, name) {
  execFileSync('skopeo', ['--insecure-policy', 'copy', '-q', '--src-tls-verify=false', '--src-no-creds',
    `docker://${BERTH_HOST}/${ref}`, `oci:${PULL_DIR}/${name}:x`], { stdio: 'pipe', timeout: 60_000 });
}

await run(async (t) => {
  const { page } = t;

  // Registries › NEW ENDPOINT with the seed's words; returns the endpoint the API then holds.
  async function newEndpoint({ provider, providerLabel, name, url, ak, sk }) {
    await page.click('.clr-vertical-nav a[href="/harbor/registries"]');
    await page.waitForSelector('h2:text("Registries")');
    await page.click('#add');
    await page.waitForSelector('#endpoint-dialog');
    await page.waitForSelector(`#adapter option[value="${provider}"]`, { state: 'attached' });
    const label = await page.textContent(`#adapter option[value="${provider}"]`);
    t.check(`Provider offers "${providerLabel}"`, label.trim() === providerLabel, label);
    await page.selectOption('#adapter', provider);
    await page.fill('#destination_name', name);
    await page.fill('#destination_url', url);
    if (ak) {
      await page.fill('#destination_access_key', ak);
      await page.fill('#destination_password', sk);
    }
    await page.click('#endpoint-ok');
    await page.waitForSelector('#endpoint-dialog', { state: 'detached' });
    await page.waitForSelector(`tr[data-name="${name}"]`);
    const row = await page.textContent(`tr[data-name="${name}"]`);
    t.check(`${name} listed Healthy as ${providerLabel}`, row.includes('Healthy') && row.includes(providerLabel), row);
    const reg = (await t.api('/registries')).find((r) => r.name === name);
    t.check(`the API holds ${name} (${provider})`, reg?.type === provider && reg?.url.startsWith(url.replace(/\/$/, '')), JSON.stringify(reg));
    return reg;
  }

  // Projects › NEW PROJECT: name, Public, Proxy Cache on with the endpoint.
  async function newProxyProject(name, endpoint) {
    await page.click('.clr-vertical-nav a[href="/harbor/projects"]');
    await page.waitForSelector('h2:text("Projects")');
    await page.click('#new-project');
    await page.waitForSelector('#new-project-dialog');
    await page.fill('#create_project_name', name);
    await page.check('#create_project_public');
    await page.check('#proxy-cache');
    await page.waitForSelector(`#registry option[value="${endpoint.id}"]`, { state: 'attached' });
    const option = await page.textContent(`#registry option[value="${endpoint.id}"]`);
    t.check(`the pull-down lists ${endpoint.name}`, option.includes(endpoint.name), option);
    await page.selectOption('#registry', String(endpoint.id));
    await page.click('#new-project-ok');
    await page.waitForSelector('#new-project-dialog', { state: 'detached' });
    await page.waitForSelector(`tr[data-name="${name}"]`);
    const row = await page.textContent(`tr[data-name="${name}"]`);
    t.check(`${name} listed Public, Proxy Cache`, row.includes('Public') && row.includes('Proxy Cache'), row);
    const p = await t.api(`/projects/${name}`);
    t.check(`the API holds ${name} public on registry ${endpoint.id}`,
      p.registry_id === endpoint.id && p.metadata?.public === 'true', JSON.stringify(p));
    return p;
  }

  // The cached artifact in the portal: the project's Repositories tab, then its artifact table.
  async function seeCached(project, repo, tag, digest) {
    const full = `${project.name}/${repo}`;
    await page.click(`tr[data-name="${project.name}"] a`);
    await page.waitForURL(`${BERTH_URL}/harbor/projects/${project.project_id}/repositories`);
    const row = `#repository-list tr[data-name="${full}"]`;
    await page.waitForSelector(row);
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent.trim()));
    t.check(`Repositories lists ${full} with 1 artifact`, cells[1] === full && cells[2] === '1', JSON.stringify(cells));
    await t.accessible(`the ${project.name} Repositories tab`);
    await page.click(`${row} a`);
    await page.waitForURL(`${BERTH_URL}/harbor/projects/${project.project_id}/repositories/${encodeURIComponent(repo)}/artifacts-tab`);
    const art = `#artifact-list tr[data-digest="${digest}"]`;
    await page.waitForSelector(art);
    t.check(`the artifact table shows tag ${tag}`, (await page.textContent(`${art} .berth-tags-cell`)).trim() === tag);
    await page.click(`${art} .berth-pull-btn`);
    await page.waitForSelector(`${art} .berth-pull-panel`);
    const cmds = await page.$$eval(`${art} .berth-pull-panel code`, (cs) => cs.map((c) => c.textContent.trim()));
    t.check('pull command by tag', cmds.includes(`docker pull ${BERTH_HOST}/${full}:${tag}`), JSON.stringify(cmds));
    t.check('pull command by digest', cmds.includes(`docker pull ${BERTH_HOST}/${full}@${digest}`), JSON.stringify(cmds));
    await t.accessible(`the ${full} artifact table with the pull commands open`);
    await page.keyboard.press('Escape');
    await page.reload();
    await page.waitForSelector(art);
    t.ok(`the deep link ${new URL(page.url()).pathname} reloads to the same table`);
    const api = await t.api(`/projects/${project.name}/repositories/${encodeURIComponent(encodeURIComponent(repo))}/artifacts/${tag}`);
    t.check(`the API holds ${full}:${tag} = the upstream's digest`, api.digest === digest, JSON.stringify(api).slice(0, 300));
  }

  await t.step('log in as admin', async () => {
    await t.openSignedIn('/harbor/projects');
    await page.waitForSelector('h2:text("Projects")');
    t.ok('signed in with admin / Harbor12345');
  });

  let publicEcr;
  await t.step('1. Registries › NEW ENDPOINT public-ecr (Docker Registry)', async () => {
    publicEcr = await newEndpoint({ provider: 'docker-registry', providerLabel: 'Docker Registry', name: 'public-ecr', url: PUBLIC_URL });
  });

  let proxyProject;
  await t.step('1. Projects › NEW PROJECT proxy-project (Public, Proxy Cache: public-ecr)', async () => {
    proxyProject = await newProxyProject('proxy-project', publicEcr);
  });

  await t.step('1. pull proxy-project/cloudwatch-agent/cloudwatch-agent:latest', async () => {
    pull('proxy-project/cloudwatch-agent/cloudwatch-agent:latest', 'cw');
    t.ok('pulled through the proxy project without credentials');
  });

  await t.step('1. the cached artifact in the portal', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/projects"]');
    await page.waitForSelector('tr[data-name="proxy-project"]');
    await seeCached(proxyProject, 'cloudwatch-agent/cloudwatch-agent', 'latest', CW_DIGEST);
  });

  let privateEcr;
  await t.step('2. Registries › NEW ENDPOINT private-ecr (Aws ECR, Access ID / Access Secret)', async () => {
    privateEcr = await newEndpoint({ provider: 'aws-ecr', providerLabel: 'Aws ECR', name: 'private-ecr', url: ECR_URL, ak: ECR_AK, sk: ECR_SK });
    t.check('the secret is not shown back', !JSON.stringify(privateEcr).includes(ECR_SK));
  });

  let privateProject;
  await t.step('2. Projects › NEW PROJECT proxy-private-project (Public, Proxy Cache: private-ecr)', async () => {
    privateProject = await newProxyProject('proxy-private-project', privateEcr);
  });

  await t.step('2. pull proxy-private-project/alpine:latest', async () => {
    pull('proxy-private-project/alpine:latest', 'alpine');
    t.ok('pulled alpine through the private ECR proxy');
  });

  await t.step('2. the cached alpine in the portal', async () => {
    await page.click('.clr-vertical-nav a[href="/harbor/projects"]');
    await page.waitForSelector('tr[data-name="proxy-private-project"]');
    await seeCached(privateProject, 'alpine', 'latest', ALPINE_DIGEST);
  });

  await t.step('2. the cached artifact page', async () => {
    await page.click(`#artifact-list tr[data-digest="${ALPINE_DIGEST}"] a.berth-digest`);
    await page.waitForSelector('#artifact-overview');
    t.check('title is the short digest', (await page.textContent('.berth-artifact-title')).includes(ALPINE_DIGEST.slice(0, 15)));
    t.check('Overview shows the digest', (await page.textContent('#artifact-overview dd[data-key="Digest"]')).trim() === ALPINE_DIGEST);
    await page.waitForSelector('#artifact-tags tr[data-tag="latest"]');
    t.ok('Tags lists latest');
    t.check('no ADD TAG in a proxy-cache project (as Harbor)', !(await page.$('#new-tag')));
    await page.waitForSelector('#artifact-vulnerabilities');
    t.check('Vulnerabilities: "Not Scanned"', (await page.textContent('#artifact-vulnerabilities tbody')).includes('Not Scanned'));
    await t.accessible('the artifact page');
    const bc = await page.$$eval('.berth-breadcrumb a', (as) => as.map((a) => a.textContent.trim()));
    t.check('breadcrumb < Projects < proxy-private-project < alpine',
      JSON.stringify(bc) === JSON.stringify(['< Projects', '< proxy-private-project', '< alpine']), JSON.stringify(bc));
  });
});
