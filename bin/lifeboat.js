#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx lifeboat …` works from a fresh clone without a build step.
require('tsx/cjs');
require('../client/cli.ts');
