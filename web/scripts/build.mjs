// Builds the web front end into one directory: the demo page (index.html, its CSS and assets),
// the staff console (console/index.html and its assets) and widget.js. Usage: node scripts/build.mjs [OUTDIR] (default: dist). Run from anywhere.
//
// OUTDIR is emptied first, so it refuses a directory that holds anything but an earlier build
// (empty directories aside: Ninja creates the output directories, console/ too, before the build).
import { existsSync, readdirSync, statSync } from 'node:fs';
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
/** @param {string} dir @returns {boolean} whether dir holds nothing but (nested) empty directories */
function holdsNoFiles(dir) {
  return readdirSync(dir).every((entry) => {
    const path = resolve(dir, entry);
    return statSync(path).isDirectory() && holdsNoFiles(path);
  });
}

if (existsSync(outDir)) {
  const entries = readdirSync(outDir);
  const earlierBuild = entries.includes('widget.js') || entries.includes('index.html');
  if (!earlierBuild && !holdsNoFiles(outDir)) {
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
