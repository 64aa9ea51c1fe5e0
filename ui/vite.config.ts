import { defineConfig } from 'vite';

// `npm run dev` serves the portal with hot reload and sends the API paths to a running Berth
// (BERTH_URL, default http://127.0.0.1:8080); `npm run build` writes dist/, which Berth serves.
const berth = process.env.BERTH_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Relative asset URLs ("./assets/x.js"): they resolve against the <base href> Berth writes into
  // index.html, which is the prefix a reverse proxy serves Berth under ("/reg/"), or "/".
  base: './',
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
