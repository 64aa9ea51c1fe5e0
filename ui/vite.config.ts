import { defineConfig } from 'vite';
import purgeCSSPlugin from '@fullhuman/postcss-purgecss';
import type { AcceptedPlugin, Root } from 'postcss';

// `npm run dev` serves the portal with hot reload and sends the API paths to a running Berth
// (BERTH_URL, default http://127.0.0.1:8080); `npm run build` writes dist/, which Berth serves.
const berth = process.env.BERTH_URL ?? 'http://127.0.0.1:8080';

// Clarity's stylesheet is 1 MB for every component Clarity has; the portal uses a few. At build
// time its rules whose classes, ids or elements appear nowhere in the portal's source are dropped
// (the portal's own styles.css is left whole). Every CSS variable stays: both themes and the
// icons (@cds/core, which read them inside their shadow roots) depend on them.
const purge = purgeCSSPlugin({
  content: ['index.html', 'src/**/*.ts', 'src/**/*.css'],
  // Every word of the source counts, hyphenated names whole ("btn-primary", "clr-col-md-4").
  defaultExtractor: (text: string) => text.match(/[A-Za-z0-9_-]+/g) ?? [],
  safelist: {
    // Classes the source builds from a prefix and a value (`btn-${kind}`, `alert-${kind}`,
    // `label-${kind}`): their full names never appear in it.
    standard: [
      'btn-primary', 'btn-outline', 'btn-danger',
      'alert-success', 'alert-danger', 'alert-info', 'alert-warning',
      'label-success', 'label-danger', 'label-info', 'label-warning',
    ],
    // The dark theme's rules, selected by body[cds-theme=dark] (app-shell.ts sets it).
    greedy: [/cds-theme/],
  },
  variables: false,
  keyframes: false,
  fontFace: false,
});
const CLARITY_FILE = /[\\/]@clr[\\/]ui[\\/]/;
// BERTH_PORTAL_PURGE=0 builds with the whole stylesheet (tests/portal/test_css_purge.sh compares).
const PURGE = process.env.BERTH_PORTAL_PURGE !== '0';
const purgeClarity: AcceptedPlugin = {
  postcssPlugin: 'purge-clarity',
  OnceExit(root: Root, helpers) {
    if (PURGE && CLARITY_FILE.test(root.source?.input.file ?? '')) return purge.OnceExit?.(root, helpers);
  },
};

export default defineConfig({
  // Relative asset URLs ("./assets/x.js"): they resolve against the <base href> Berth writes into
  // index.html, which is the prefix a reverse proxy serves Berth under ("/reg/"), or "/".
  base: './',
  css: { postcss: { plugins: [purgeClarity] } },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/c', '/service', '/v2'].map((p) => [p, berth])),
  },
});
