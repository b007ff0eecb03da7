// SPDX-License-Identifier: Apache-2.0
// Runs a WASI preview1 command under node's WASI (uvwasi), with runw-wasm's command line:
//   node --no-warnings node_wasi_runner.mjs [--dir HOST[:GUEST]]... [--env K=V]... MODULE [ARGS...]
// The differential reference for test/wasi. Exit status is the module's exit code; a trap prints
// "node-wasi: trap: MESSAGE" to stderr and exits 134 (as runw-wasm); the runner's own errors exit 1.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { WASI } from 'node:wasi';

function die(message) {
  process.stderr.write(`node-wasi: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const preopens = {};
  const env = {};
  let index = 0;
  for (; index < argv.length && argv[index].startsWith('--'); index += 1) {
    const option = argv[index];
    const value = argv[index + 1];
    if (value === undefined) die(`${option} needs a value`);
    index += 1;
    if (option === '--dir') {
      const parts = value.split(':');
      // uvwasi has no read-only preopens; refusing beats silently granting write access.
      if (parts.length > 2 || (parts.length === 2 && parts[1] === 'ro')) {
        die(`--dir ${value}: node's WASI has no read-only preopens`);
      }
      preopens[parts[1] ?? parts[0]] = parts[0];
    } else if (option === '--env') {
      const equals = value.indexOf('=');
      if (equals <= 0) die(`--env ${value}: expected KEY=VALUE`);
      env[value.slice(0, equals)] = value.slice(equals + 1);
    } else {
      die(`unknown option ${option}`);
    }
  }
  if (index >= argv.length) die('no module given');
  return { preopens, env, args: argv.slice(index) };
}

const { preopens, env, args } = parseArgs(process.argv.slice(2));
let bytes;
try {
  bytes = await readFile(args[0]);
} catch (error) {
  die(`cannot read ${args[0]}: ${error.message}`);
}
const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
let instance;
try {
  const module = await WebAssembly.compile(bytes);
  instance = await WebAssembly.instantiate(module, wasi.getImportObject());
} catch (error) {
  die(`${args[0]}: ${error.message}`);
}
try {
  process.exitCode = wasi.start(instance);
} catch (error) {
  if (!(error instanceof WebAssembly.RuntimeError)) throw error;
  process.stderr.write(`node-wasi: trap: ${error.message}\n`);
  process.exitCode = 134;
}
