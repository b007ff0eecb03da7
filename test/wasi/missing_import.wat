;; SPDX-License-Identifier: Apache-2.0
;; A WASI command that imports a function no host provides: instantiation must fail cleanly.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "runw_no_such_function" (func $missing))
  (memory (export "memory") 1)
  (func (export "_start")
    call $missing
    i32.const 0
    call $proc_exit))
