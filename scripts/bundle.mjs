// Bundles cli.tsx and what it imports into dist/: one file per command loaded on demand instead of
// hundreds of small modules, which is most of a command's start-up time (bench/ measures it).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['cli.tsx'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  logLevel: 'warning',
  // Optional or heavy at run time and found in node_modules when needed: ink's devtools, pg's native
  // binding, cosmiconfig's TypeScript loader, sql.js (its .wasm sits beside it).
  external: ['react-devtools-core', 'pg-native', 'typescript', 'sql.js'],
  // Some CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as nbCreateRequire } from 'node:module'; const require = nbCreateRequire(import.meta.url);" },
});
