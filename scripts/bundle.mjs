// Bundles cli.tsx and what it imports into dist/: one file per command loaded on demand instead of
// hundreds of small modules, which is most of a command's start-up time (bench/ measures it).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const shared = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Some CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as nbCreateRequire } from 'node:module'; const require = nbCreateRequire(import.meta.url);" },
};
await build({
  ...shared,
  entryPoints: ['cli.tsx'],
  outdir: 'dist',
  splitting: true,
  jsx: 'automatic',
  // Optional or heavy at run time and found in node_modules when needed: ink's devtools, pg's native
  // binding, cosmiconfig's TypeScript loader, sql.js (its .wasm sits beside it).
  external: ['react-devtools-core', 'pg-native', 'typescript', 'sql.js'],
});
// The far side of a migration: one self-contained file sent over ssh, with no node_modules there.
// sql.js stays out (its .wasm cannot travel inside): a far SQLite install is refused by name.
await build({
  ...shared,
  entryPoints: { 'far-agent': 'source/commands/far-agent-main.ts' },
  minify: true,
  outdir: 'dist',
  external: ['pg-native', 'typescript', 'sql.js'],
});
