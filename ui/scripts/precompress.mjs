// Writes a gzip sibling (name.gz) next to every compressible file of dist/, so Berth sends the
// compressed bytes without compressing at request time. Prints the sizes: the shipped JavaScript
// must stay under 300 KB gzipped (issue #14); the build fails beyond that.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const LIMIT_JS = 300 * 1024;
let js = 0, total = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (!/\.(js|css|html|svg|json|txt)$/.test(name)) continue;
    const gz = gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(path + '.gz', gz);
    total += gz.length;
    if (name.endsWith('.js')) js += gz.length;
    console.log(`${path.slice(dist.length).padEnd(40)} ${(gz.length / 1024).toFixed(1)} KB gzipped`);
  }
}
walk(dist);
console.log(`JavaScript: ${(js / 1024).toFixed(1)} KB gzipped; everything: ${(total / 1024).toFixed(1)} KB`);
if (js > LIMIT_JS) {
  console.error(`the shipped JavaScript exceeds ${LIMIT_JS / 1024} KB gzipped`);
  process.exit(1);
}
