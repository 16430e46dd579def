#!/usr/bin/env node
import { processOutput } from './output';
import { runCli } from './program';

void runCli(process.argv.slice(2), process.env, processOutput).then((code) => {
  process.exitCode = code;
});
