;; runw's own edge cases for the slot-addressed interpreter: branches that move values
;; between stack heights, v128 values crossing block boundaries, deep recursion.

(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "sum") (param i32) (result i32) (local i32)
    (block
      (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br 0)))
    (local.get 1))
  ;; br_if out of a block with a value while extra operands sit below it
  (func (export "br-if-moves") (param i32) (result i32)
    (i32.add (i32.const 100)
      (block (result i32)
        (drop (i32.const 7))
        (br_if 0 (i32.const 1) (local.get 0))
        (drop)
        (i32.const 2))))
  ;; br_table carrying a v128 to different depths
  (func (export "table-v128") (param i32) (result i32)
    (i32x4.extract_lane 0
      (block (result v128)
        (block (result v128)
          (br_table 0 1 (v128.const i32x4 5 0 0 0) (local.get 0)))
        (i32x4.add (v128.const i32x4 10 0 0 0)))))
  ;; multi-value block with parameters through a loop
  (func (export "swap-loop") (param i32 i32) (result i32 i32)
    (local.get 0) (local.get 1)
    (loop (param i32 i32) (result i32 i32)
      (local.set 0) (local.set 1)
      (local.get 0) (local.get 1)))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
  (func $forever (export "forever") (call $forever))
)

(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "fac" (i64.const 20)) (i64.const 2432902008176640000))
(assert_return (invoke "sum" (i32.const 100)) (i32.const 5050))
(assert_return (invoke "br-if-moves" (i32.const 0)) (i32.const 102))
(assert_return (invoke "br-if-moves" (i32.const 1)) (i32.const 101))
(assert_return (invoke "table-v128" (i32.const 0)) (i32.const 15))
(assert_return (invoke "table-v128" (i32.const 1)) (i32.const 5))
(assert_return (invoke "table-v128" (i32.const 7)) (i32.const 5))
(assert_return (invoke "swap-loop" (i32.const 1) (i32.const 2)) (i32.const 2) (i32.const 1))
(assert_return (invoke "deep" (i32.const 5000)) (i32.const 5000))
(assert_exhaustion (invoke "forever") "call stack exhausted")
(assert_exhaustion (invoke "deep" (i32.const 1000000)) "call stack exhausted")

;; memory.grow reads its operand from the slot its result goes to; a following local.tee must
;; not move that slot onto the local (the grow would then read the local's old value).
(module
  (memory 2)
  (func (export "grow-tee") (param i32) (result i32)
    (local.get 0) (i32.const 16) (i32.shr_u) (memory.grow) (local.tee 0))
  (func (export "grow-set") (param i32) (result i32)
    (local.get 0) (i32.const 16) (i32.shr_u) (memory.grow) (local.set 0) (local.get 0))
  (func (export "size-tee") (param i32) (result i32)
    (memory.size) (local.tee 0)))
(assert_return (invoke "grow-tee" (i32.const 0x110000)) (i32.const 2))
(assert_return (invoke "grow-set" (i32.const 0x10000)) (i32.const 19))
(assert_return (invoke "size-tee" (i32.const 99)) (i32.const 20))
