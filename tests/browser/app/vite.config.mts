import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// The browser test's page and worker, bundled as an app would bundle @quietpay/sdk: the SDK from
// source (the @quietpay/source condition, so the test runs current code) and NOTHING else: no
// Buffer/process/global polyfill, no define of them, no node-polyfills plugin. A Node built-in the
// SDK reaches becomes Vite's empty browser stub, so the page fails the way an app would.
// BROWSER_APP_OUT is where the test serves from (a temp dir).
const out = process.env['BROWSER_APP_OUT'];
if (!out) throw new Error('BROWSER_APP_OUT is not set');

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  resolve: { conditions: ['@quietpay/source', ...defaultClientConditions] },
  build: {
    outDir: out,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      input: {
        page: fileURLToPath(new URL('./session-page.ts', import.meta.url)),
        worker: fileURLToPath(new URL('./session.worker.ts', import.meta.url)),
        'private-page': fileURLToPath(new URL('./private-page.ts', import.meta.url)),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
