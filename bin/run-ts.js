#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, dev tools) with tsx: `node bin/run-ts.js path/to/file.ts args…`.
const path = require('path');
require('tsx/cjs');
const [, , entry, ...rest] = process.argv;
process.argv = [process.argv[0], entry, ...rest];
require(path.resolve(entry));
