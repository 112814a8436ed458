(module
  (memory (export "memory") 17)
  ;; Newlines (0x0a) in [start, end): sixteen bytes a step, per-lane counts folded every 255 steps.
  (func (export "count") (param $start i32) (param $end i32) (result i32)
    (local $i i32) (local $total i32) (local $acc v128) (local $steps i32) (local $vecEnd i32)
    (local.set $i (local.get $start))
    (local.set $vecEnd (i32.sub (local.get $end) (i32.const 16)))
    (block $done
      (loop $outer
        (br_if $done (i32.gt_s (local.get $i) (local.get $vecEnd)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $steps (i32.const 0))
        (block $flush
          (loop $inner
            (br_if $flush (i32.gt_s (local.get $i) (local.get $vecEnd)))
            (br_if $flush (i32.ge_u (local.get $steps) (i32.const 255)))
            (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load (local.get $i)) (i8x16.splat (i32.const 10)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
            (br $inner)))
        (local.set $acc (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc))))
        (local.set $total (i32.add (local.get $total)
          (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                   (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
        (br $outer)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
        (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 10)) (then (local.set $total (i32.add (local.get $total) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $total)))
