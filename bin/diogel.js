#!/usr/bin/env node
// The diogel command (and `npm start`): runs the compiled JavaScript in dist/, compiling it
// first if it is missing or older than src/ (scripts/build.mjs), so that no start pays for
// compiling TypeScript. `npm run dev` runs the sources through tsx instead.
import module from 'node:module';
import { ensureBuild } from '../scripts/build.mjs';

// Node 22.1+ can keep V8's compiled code on disk between starts; Node 20 has no such cache.
module.enableCompileCache?.();
await ensureBuild();
await import('../dist/cli/main.js');
