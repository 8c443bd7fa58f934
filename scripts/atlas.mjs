// `npm run atlas -- …`: runs server/cli.ts from a bundle in dist/atlas/, which esbuild rebuilds
// (in about a second) whenever a file it was built from has changed since. Started through tsx,
// the CLI took 0.7 s to start, transpiling its modules and resolving and loading some 600 files
// of packages one by one; from the bundle it takes 0.2 s.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'atlas');
const bundle = path.join(outDir, 'cli.js');
// the files the bundle was built from (packages' files included), relative to the root
const inputsFile = path.join(outDir, 'inputs.json');
// a change to these changes the bundle too
const alwaysInputs = ['package.json', 'tsconfig.json', 'scripts/atlas.mjs'];
// Left to node_modules: a native addon, a package pg loads only when asked for, and two big
// readers the CLI loads only for their formats (XLSX, .osm.pbf).
const external = ['better-sqlite3', 'pg-native', 'exceljs', 'osm-pbf-parser-node'];

function isStale() {
  let builtMs;
  let inputs;
  try {
    builtMs = fs.statSync(bundle).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return true;
  }
  for (const file of [...inputs, ...alwaysInputs]) {
    try {
      if (fs.statSync(path.join(root, file)).mtimeMs > builtMs) return true;
    } catch {
      return true;
    }
  }
  return false;
}

// Worker threads are started from a file beside the module that starts them (`./x-worker.js`
// once built, see server/compute/parallel-join.ts): each server/**/*-worker.ts is bundled too.
function workerEntries() {
  const entries = {};
  for (const file of fs.readdirSync(path.join(root, 'server'), { recursive: true })) {
    if (/-worker\.ts$/.test(file)) entries[path.basename(file, '.ts')] = path.join('server', file);
  }
  return entries;
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  // The bundle is dated from the start of the build, so that a file saved during the build
  // counts as newer and triggers the next one.
  const startedSec = Date.now() / 1000;
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { cli: 'server/cli.ts', ...workerEntries() },
    outdir: outDir,
    bundle: true,
    external,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS packages in an ES module still require Node's own modules
    banner: { js: "import { createRequire as __atlasRequire } from 'node:module'; const require = __atlasRequire(import.meta.url);" },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  fs.mkdirSync(outDir, { recursive: true });
  // Each file is written under a name of its own, then renamed: two runs building at once never
  // see half a file. The CLI's bundle goes last.
  const place = (file, contents, mtimeSec) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    if (mtimeSec) fs.utimesSync(tmp, mtimeSec, mtimeSec);
    fs.renameSync(tmp, file);
  };
  place(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
  for (const file of result.outputFiles) if (file.path !== bundle) place(file.path, file.contents);
  place(bundle, result.outputFiles.find((f) => f.path === bundle).contents, startedSec);
}

if (isStale()) {
  try {
    await build();
  } catch (err) {
    // esbuild has printed the errors with their files and lines
    if (!err?.errors) console.error(err);
    process.exit(1);
  }
}
// stack traces name the TypeScript files and lines
process.setSourceMapsEnabled(true);
await import(pathToFileURL(bundle).href);
