// SPDX-License-Identifier: Apache-2.0
// Node (V8) engine for bench/interp: instantiates a freestanding module (no imports), calls its
// `run` export once and prints the result as TYPE:VALUE (i32 or i64, signed decimal).
'use strict';

const fs = require('fs');

async function main() {
  if (process.argv.length !== 3) {
    console.error('usage: node harness.js KERNEL.wasm');
    process.exit(2);
  }
  const bytes = fs.readFileSync(process.argv[2]);
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const run = instance.exports.run;
  if (typeof run !== 'function') {
    throw new Error(`${process.argv[2]} exports no function 'run'`);
  }
  const result = run();
  // The JS API maps i64 to BigInt and i32 to Number; both print as signed decimal.
  if (typeof result === 'bigint') {
    console.log(`i64:${result}`);
  } else if (Number.isInteger(result)) {
    console.log(`i32:${result}`);
  } else {
    throw new Error(`run returned ${typeof result} ${result}, expected i32 or i64`);
  }
}

main().catch((err) => {
  console.error(`harness.js: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
