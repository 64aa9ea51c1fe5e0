// The portal's build drops the rules of Clarity's stylesheet that nothing in the portal uses
// (ui/vite.config.ts). This spec shows nothing it uses went with them: every page and dialog,
// in both themes, drawn with the whole stylesheet and then, on the same DOM, with the purged
// one, must give every element (and its ::before / ::after) the same computed look and the
// page the same pixels (but for a few pixels of anti-aliasing noise). Hover states are not
// drawn.
//
// Environment (test_css_purge.sh): BERTH_URL, OUT_DIR, FULL_CSS and PURGED_CSS (the two
// builds' stylesheets), PROJECT_ID and DIGEST (library/app:v1).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { run, BERTH_URL, OUT_DIR } from './lib.mjs';

const { PNG } = createRequire(import.meta.url)('playwright-core/lib/utilsBundle');
const { FULL_CSS, PURGED_CSS, PROJECT_ID, DIGEST } = process.env;
const CSS = { full: readFileSync(FULL_CSS, 'utf8'), purged: readFileSync(PURGED_CSS, 'utf8') };
const P = `/harbor/projects/${PROJECT_ID}`;
const REPO = `${P}/repositories/app`;
const SELECT = `#artifact-list tr[data-digest="${DIGEST}"] input[type="checkbox"]`;

// What to draw: a path, and what to click there (a dialog, a form, a menu).
const VIEWS = [
  ['projects', '/harbor/projects'],
  ['new project', '/harbor/projects', ['#new-project', '#new-project-dialog']],
  ['project summary', `${P}/summary`],
  ['repositories', `${P}/repositories`],
  ['members', `${P}/members`],
  ['new member', `${P}/members`, ['#add-member', '#add-member-dialog']],
  ['project labels', `${P}/labels`],
  ['project robots', `${P}/robot-account`],
  ['project logs', `${P}/logs`],
  ['project configuration', `${P}/configs`],
  ['artifacts', `${REPO}/artifacts-tab`],
  ['repository info', `${REPO}/info-tab`],
  ['artifact', `${REPO}/artifacts-tab/artifacts/${DIGEST}`],
  ['artifact actions', `${REPO}/artifacts-tab`, [SELECT, 'tr', '#artifact-list-action', '#artifact-list-copy']],
  ['copy artifact', `${REPO}/artifacts-tab`, [SELECT, 'tr', '#artifact-list-action', '#artifact-list-copy',
    '#artifact-list-copy', '#copy-artifact-dialog']],
  ['add labels', `${REPO}/artifacts-tab`, [SELECT, 'tr', '#artifact-list-action', '#artifact-list-add-labels',
    '#artifact-list-add-labels', '#add-labels-dialog']],
  ['registries', '/harbor/registries'],
  ['new endpoint', '/harbor/registries', ['#add', '#endpoint-dialog']],
  ['replications', '/harbor/replications'],
  ['new replication rule', '/harbor/replications', ['#new_replication_rule_id', '.modal-dialog']],
  ['scanners', '/harbor/interrogation-services/scanners'],
  ['new scanner', '/harbor/interrogation-services/scanners', ['#new-scanner', '#scanner-dialog']],
  ['vulnerability', '/harbor/interrogation-services/vulnerability'],
  ['configuration', '/harbor/configs/security'],
  ['users', '/harbor/users'],
  ['new user', '/harbor/users', ['#add-new-user', '#new-user-dialog']],
  ['robot accounts', '/harbor/robot-accounts'],
  ['new robot account', '/harbor/robot-accounts', ['#new-robot-account', '#robot-dialog']],
  ['labels', '/harbor/labels'],
  ['new label', '/harbor/labels', ['#new-label', '#label-form']],
  ['logs', '/harbor/logs/audit-log'],
  ['user menu', '/harbor/projects', ['#user-menu', '#user-profile']],
  ['user profile', '/harbor/projects', ['#user-menu', '#user-profile', '#user-profile', '#account_settings_email']],
  ['change password', '/harbor/projects', ['#user-menu', '#change-password', '#change-password', '#change-password-dialog']],
];

// The computed properties that make the look (all ~400 of them take seconds a page here).
const PROPS = [
  'display', 'position', 'top', 'left', 'width', 'height', 'min-width', 'max-width', 'min-height', 'max-height',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom',
  'padding-left', 'border-top', 'border-right', 'border-bottom', 'border-left', 'border-radius', 'outline',
  'color', 'background-color', 'background-image', 'box-shadow', 'opacity', 'visibility', 'overflow', 'z-index',
  'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'text-transform',
  'text-align', 'text-decoration-line', 'white-space', 'vertical-align', 'cursor', 'flex-direction', 'flex-wrap',
  'justify-content', 'align-items', 'gap', 'transform', 'fill', 'list-style-type', 'content',
];

// How two screenshots differ: the pixels that differ, and by how much at most (0-255). Two
// shots of one page with one stylesheet can differ in a few anti-aliased pixels of an icon
// after a theme change (up to 12 pixels by 19 here): that much is noise, a lost rule is not.
function pixelDiff(a, b) {
  const [x, y] = [PNG.sync.read(a), PNG.sync.read(b)];
  if (x.width !== y.width || x.height !== y.height) return { count: Infinity, max: 255 };
  let count = 0, max = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    let d = 0;
    for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(x.data[i + k] - y.data[i + k]));
    if (d) count++, (max = Math.max(max, d));
  }
  return { count, max };
}
const NOISE = { count: 40, max: 48 };

// Every element's look, one string an element, with its ::before and ::after.
const styles = (page) => page.evaluate((props) => [...document.querySelectorAll('body *')].map((el) => {
  let s = el.tagName + (el.id ? '#' + el.id : '');
  for (const pseudo of [null, '::before', '::after']) {
    const cs = getComputedStyle(el, pseudo);
    if (pseudo && cs.content === 'none') continue;
    for (const p of props) s += `;${pseudo ?? ''}${p}:${cs.getPropertyValue(p)}`;
  }
  return s;
}), PROPS);

await run(async (t) => {
  const { page, context } = t;
  await context.route('**/assets/*.css', (r) => r.fulfill({ contentType: 'text/css', body: CSS.full }));
  await t.openSignedIn('/harbor/projects');
  await page.waitForSelector('h2:text("Projects")');

  // One view as it is now: the stylesheet in place (the page's link swapped for a <style> with
  // the given text, as both builds' stylesheets hold no relative url()), the theme set.
  const measure = async (variant, theme) => {
    await page.evaluate(([css, th]) => {
      const el = document.querySelector('link[rel=stylesheet], style#berth-css-under-test');
      const st = Object.assign(document.createElement('style'), { id: 'berth-css-under-test', textContent: css });
      el.replaceWith(st);
      document.body.setAttribute('cds-theme', th);
    }, [CSS[variant], theme]);
    // A theme change starts Clarity's colour transitions, in the page and in the icons' shadow
    // roots: measure once they are over.
    await page.evaluate(() => {
      const roots = [document, ...[...document.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
      return Promise.all(roots.flatMap((r) => r.getAnimations()).map((a) => a.finished.catch(() => null)));
    });
    return { styles: await styles(page), png: await page.screenshot({ fullPage: true }) };
  };

  const compare = (name, theme, full, purged) => {
    const i = full.styles.findIndex((s, k) => s !== purged.styles[k]);
    const same = i < 0 && full.styles.length === purged.styles.length;
    // The first element that differs, and the properties that differ on it.
    const diff = () => {
      const [a, b] = [full.styles[i] ?? '', purged.styles[i] ?? ''].map((s) => s.split(';'));
      return `${a[0]}: ${a.filter((p, k) => p !== b[k]).slice(0, 5).join('; ')} → ${b.filter((p, k) => p !== a[k]).slice(0, 5).join('; ')}`;
    };
    t.check(`${name} (${theme}): the same computed style on all ${full.styles.length} elements`, same, same ? '' : diff());
    const file = `${OUT_DIR}/${theme}-${name.replace(/[^a-z0-9]+/gi, '-')}`;
    const d = full.png.equals(purged.png) ? { count: 0, max: 0 } : pixelDiff(full.png, purged.png);
    if (d.count) {
      writeFileSync(`${file}-full.png`, full.png);
      writeFileSync(`${file}-purged.png`, purged.png);
    }
    t.check(`${name} (${theme}): the same pixels (${d.count} differ, by ${d.max} at most)`,
      d.count <= NOISE.count && d.max <= NOISE.max, `see ${file}-*.png`);
  };

  await t.step('every view, both themes, whole and purged stylesheet alike', async () => {
    // ONLY=<regexp> draws just the views whose names match (to look into one).
    for (const [name, path, clicks = []] of VIEWS.filter(([n]) => new RegExp(process.env.ONLY ?? '').test(n))) {
      await page.goto(`${BERTH_URL}${path}`);
      await page.waitForLoadState('networkidle');
      for (let i = 0; i < clicks.length; i += 2) {
        await page.click(clicks[i]);
        await page.waitForSelector(clicks[i + 1]);
      }
      await page.waitForLoadState('networkidle');
      await page.mouse.move(0, 0);
      for (const theme of ['light', 'dark']) compare(name, theme, await measure('full', theme), await measure('purged', theme));
    }
  });
});
