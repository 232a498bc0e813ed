#!/usr/bin/env node
// Runs Ponte from its compiled build (dist/), building it first when it is missing or older than
// a source file: `npm start` after an edit runs the edit, and never through a TypeScript loader.
import { pathToFileURL } from 'node:url';
import { buildIfStale, MAIN } from './fresh-build.mjs';

const status = buildIfStale();
if (status !== 0) process.exit(status);
await import(pathToFileURL(MAIN).href);
