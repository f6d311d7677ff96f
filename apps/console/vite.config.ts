import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The gateway serves dist/ at `/` on the API's origin (session cookie, no CORS). Hashed asset names
 * let it cache /assets/* for a year and index.html not at all. Nothing is fetched from a CDN:
 * hospital networks are often offline.
 */
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npm run dev -w @delineo/console` against a gateway on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080', '/auth': 'http://127.0.0.1:8080' },
  },
});
