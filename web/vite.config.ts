// The demo page (index.html, the fictional bank "Voorbeeldbank"), the staff console
// (console/index.html, served by Balie at /console/) and the dev server.
// widget.js is built separately (vite.widget.config.ts) because it is a classic script (IIFE);
// scripts/build.mjs runs both builds into one output directory.
//
// `npm run dev` serves the demo page with the widget from source, and forwards the API to a
// running Balie server (BALIE_SERVER, default http://127.0.0.1:8080).
import { fileURLToPath } from 'node:url';
import { createLogger, defineConfig, type Plugin } from 'vite';

const balieServer = process.env['BALIE_SERVER'] ?? 'http://127.0.0.1:8080';

/** In development, /widget.js loads the widget's TypeScript source through Vite. */
function widgetFromSource(): Plugin {
  return {
    name: 'balie-widget-from-source',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/widget.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.end("import('/src/widget/main.ts');\n");
      });
    },
  };
}

// index.html loads widget.js with a classic <script> on purpose (that is how host pages embed
// it); Vite warns that it cannot bundle such a script. Leave that one out of the build output.
const logger = createLogger(process.env['BALIE_WEB_LOG_LEVEL'] === 'warn' ? 'warn' : 'info');
const warn = logger.warn.bind(logger);
logger.warn = (message, options) => {
  if (/widget\.js.*can't be bundled without type="module"/.test(message)) return;
  warn(message, options);
};

export default defineConfig({
  base: './',
  customLogger: logger,
  publicDir: 'public',
  plugins: [widgetFromSource()],
  build: {
    outDir: 'dist',
    target: 'es2020',
    // Nothing inlined as data: URLs or inline code: the page must pass a strict CSP.
    assetsInlineLimit: 0,
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        demo: fileURLToPath(new URL('index.html', import.meta.url)),
        console: fileURLToPath(new URL('console/index.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: balieServer, ws: true, changeOrigin: true },
      '/readyz': { target: balieServer },
      '/healthz': { target: balieServer },
    },
  },
});
