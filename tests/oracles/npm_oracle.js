// Oracle for npm versions and ranges: node-semver, reading tab-separated pairs on stdin.
//   node npm_oracle.js cmp          "a\tb"     -> "<" "=" ">" or "invalid"
//   node npm_oracle.js range <0|1>  "v\trange" -> "true" "false" "invalid-range" "invalid-version"
'use strict';
const semver = require('semver');
const mode = process.argv[2];
const includePrerelease = process.argv[3] === '1';
const input = require('fs').readFileSync(0, 'utf8');
const lines = input.split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
const out = [];
for (const line of lines) {
  const tab = line.indexOf('\t');
  const a = tab < 0 ? line : line.slice(0, tab);
  const b = tab < 0 ? '' : line.slice(tab + 1);
  if (mode === 'cmp') {
    const va = semver.parse(a);
    const vb = semver.parse(b);
    if (!va || !vb) { out.push('invalid'); continue; }
    const c = semver.compare(va, vb);
    out.push(c < 0 ? '<' : c > 0 ? '>' : '=');
  } else {
    let range;
    try { range = new semver.Range(b, { includePrerelease }); } catch (e) { out.push('invalid-range'); continue; }
    let v;
    try { v = new semver.SemVer(a); } catch (e) { out.push('invalid-version'); continue; }
    out.push(range.test(v) ? 'true' : 'false');
  }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
