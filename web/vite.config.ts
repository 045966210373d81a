// Builds the dashboard into dist/web, which `dragops serve` serves at `/` (src/server/web.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: here('../dist/web'), emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  // `vite` (dev) on :5173 talks to a `dragops serve` on :3000.
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/webhooks': 'http://127.0.0.1:3000' } },
});
