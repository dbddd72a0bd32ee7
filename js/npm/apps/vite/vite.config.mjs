// Two pages: the package alone, and behind a consent manager.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './', // the pages are served from a folder of the test's server
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        consent: resolve(import.meta.dirname, 'consent.html')
      }
    }
  }
});
