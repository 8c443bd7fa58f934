import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/ and builds to dist/client, which the server serves.
export default defineConfig({
  root: 'client',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/trpc': 'http://127.0.0.1:8080',
      '/basemap': 'http://127.0.0.1:8080',
      '/health': 'http://127.0.0.1:8080',
      '/api': 'http://127.0.0.1:8080',
      '/tiles': 'http://127.0.0.1:8080',
    },
  },
});
