import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is static files the gateway's admin port serves at /console/ (ADMIN_CONSOLE_DIR):
// relative asset URLs so it works under that prefix, hash routing so no server fallback is needed.
// Preact's automatic JSX runtime through Vite's own transform: no plugin, builds offline.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
});
