// widget.js: the embeddable widget as one classic script (IIFE), with Lit bundled in, for
// `<script src=".../widget.js" data-balie="...">` on any page. It defines no globals of its own.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    reportCompressedSize: false,
    lib: {
      entry: 'src/widget/main.ts',
      formats: ['iife'],
      name: 'BalieWidget',
      fileName: () => 'widget.js',
    },
  },
});
