import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Gzipped bytes of the JavaScript a page loads before first paint: its module script and modulepreloads. */
export function initialJsGzipBytes(distDir: string): { bytes: number; files: string[] } {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+)"/g)].map((m) => m[1]);
  let bytes = 0;
  for (const ref of refs) bytes += zlib.gzipSync(fs.readFileSync(path.join(distDir, ref.replace(/^\//, '')))).length;
  return { bytes, files: refs };
}

/** Builds the bare page (React + MapLibre + deck.gl only) with the same Vite set-up and measures both. */
export function benchBundleSize() {
  const appDist = path.join(ROOT, 'dist/client');
  if (!fs.existsSync(path.join(appDist, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  const bareDist = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-bare-'));
  execFileSync(
    'npx',
    ['vite', 'build', '--logLevel', 'warn', '--config', 'vite.config.ts', '--outDir', bareDist, '--emptyOutDir', 'test/bench/bare-page'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  // `vite build <root>` overrides the config's root, so the same plugins and options apply.
  const app = initialJsGzipBytes(appDist);
  const bare = initialJsGzipBytes(bareDist);
  fs.rmSync(bareDist, { recursive: true, force: true });
  return { appBytes: app.bytes, bareBytes: bare.bytes, ratio: app.bytes / bare.bytes };
}
