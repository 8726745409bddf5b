// Builds the web front end into one directory: the demo page (index.html, its CSS and assets),
// the staff console (console/index.html and its assets) and widget.js. Usage: node scripts/build.mjs [OUTDIR] (default: dist). Run from anywhere.
//
// OUTDIR is emptied first, so it refuses a directory that holds anything but an earlier build.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? resolve(webDir, 'dist'));

/** @param {string} message */
function fail(message) {
  console.error(`build: ${message}`);
  process.exit(2);
}

const fromOut = relative(outDir, webDir);
if (fromOut === '' || !fromOut.startsWith('..')) {
  fail(`refusing to build into ${outDir}: it contains the sources (${webDir})`);
}
if (existsSync(outDir)) {
  const entries = readdirSync(outDir);
  const earlierBuild = entries.includes('widget.js') || entries.includes('index.html');
  if (entries.length > 0 && !earlierBuild) {
    fail(`refusing to empty ${outDir}: it is not empty and holds no earlier build`);
  }
}

process.chdir(webDir);
process.env['BALIE_WEB_LOG_LEVEL'] = 'warn';
await build({
  configFile: resolve(webDir, 'vite.config.ts'),
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true },
});
await build({
  configFile: resolve(webDir, 'vite.widget.config.ts'),
  logLevel: 'warn',
  build: { outDir, emptyOutDir: false },
});

for (const file of ['index.html', 'console/index.html', 'widget.js']) {
  if (!existsSync(resolve(outDir, file))) fail(`${file} is missing from ${outDir}`);
}
console.log(`build: web front end in ${outDir}`);
