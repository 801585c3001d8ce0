;; Pixel kernels for image augmentation on interleaved RGB bytes, with WebAssembly SIMD.
;; The arithmetic is integer and identical to the JavaScript fallback in image-kernels.ts, so both
;; give the same bytes. Every image region is followed by 16 bytes of slack: 8-byte loads at the
;; last pixel and 4-byte stores of a 3-byte pixel may run past the end.
(module
  (memory (export "memory") 1)

;; One output pixel from the 2 x 2 source pixels at i00 (row y0) and i10 (row y0 + 1, or y0
  ;; again when fy is 0), weights of 7 fractional bits: out = (sum w p + 2^13) >> 14. Two
  ;; neighbouring pixels R0 G0 B0 R1 G1 B1 become 16-bit lanes R0 R1 G0 G1 B0 B1 0 0 (lanes from
  ;; a zero vector fill the rest), so one dot product weighs each channel's pair of a row.
  (func $blend (param $i00 i32) (param $i10 i32) (param $fx i32) (param $fy i32) (param $out i32)
    (local $gx i32) (local $gy i32) (local $sum v128)
    (local.set $gx (i32.sub (i32.const 128) (local.get $fx)))
    (local.set $gy (i32.sub (i32.const 128) (local.get $fy)))
    (local.set $sum (i32x4.add
      (i32x4.dot_i16x8_s
        (i8x16.shuffle 0 16 3 16 1 16 4 16 2 16 5 16 16 16 16 16 (v128.load64_zero (local.get $i00)) (v128.const i32x4 0 0 0 0))
        (i32x4.splat (i32.or (i32.mul (local.get $gx) (local.get $gy)) (i32.shl (i32.mul (local.get $fx) (local.get $gy)) (i32.const 16)))))
      (i32x4.dot_i16x8_s
        (i8x16.shuffle 0 16 3 16 1 16 4 16 2 16 5 16 16 16 16 16 (v128.load64_zero (local.get $i10)) (v128.const i32x4 0 0 0 0))
        (i32x4.splat (i32.or (i32.mul (local.get $gx) (local.get $fy)) (i32.shl (i32.mul (local.get $fx) (local.get $fy)) (i32.const 16)))))))
    (local.set $sum (i32x4.shr_u (i32x4.add (local.get $sum) (i32x4.splat (i32.const 8192))) (i32.const 14)))
    (local.set $sum (i16x8.narrow_i32x4_u (local.get $sum) (local.get $sum)))
    (local.set $sum (i8x16.narrow_i16x8_u (local.get $sum) (local.get $sum)))
    (v128.store32_lane 0 (local.get $out) (local.get $sum)))

  ;; A pixel near or beyond the border: positions in [-0.5, 0) read the first pixel, the last
  ;; column and row have no right or lower neighbour, and positions outside get the fill.
  (func $border_pixel (param $src i32) (param $width i32) (param $height i32) (param $u i64) (param $v i64) (param $fill i32) (param $out i32)
    (local $ui i32) (local $vi i32) (local $x0 i32) (local $y0 i32) (local $fx i32) (local $fy i32) (local $i00 i32)
    (if (i32.or
          (i32.or (i64.lt_s (local.get $u) (i64.const -32768)) (i64.lt_s (local.get $v) (i64.const -32768)))
          (i32.or
            (i64.gt_s (local.get $u) (i64.sub (i64.shl (i64.extend_i32_u (local.get $width)) (i64.const 16)) (i64.const 32768)))
            (i64.gt_s (local.get $v) (i64.sub (i64.shl (i64.extend_i32_u (local.get $height)) (i64.const 16)) (i64.const 32768)))))
      (then (i32.store (local.get $out) (local.get $fill)) (return)))
    (local.set $ui (i32.wrap_i64 (local.get $u)))
    (local.set $vi (i32.wrap_i64 (local.get $v)))
    (if (i32.gt_s (local.get $ui) (i32.const 0)) (then
      (local.set $x0 (i32.shr_s (local.get $ui) (i32.const 16)))
      (if (i32.lt_u (i32.add (local.get $x0) (i32.const 1)) (local.get $width)) (then
        (local.set $fx (i32.and (i32.shr_s (local.get $ui) (i32.const 9)) (i32.const 127)))))))
    (if (i32.gt_s (local.get $vi) (i32.const 0)) (then
      (local.set $y0 (i32.shr_s (local.get $vi) (i32.const 16)))
      (if (i32.lt_u (i32.add (local.get $y0) (i32.const 1)) (local.get $height)) (then
        (local.set $fy (i32.and (i32.shr_s (local.get $vi) (i32.const 9)) (i32.const 127)))))))
    (local.set $i00 (i32.add (local.get $src) (i32.mul (i32.add (i32.mul (local.get $y0) (local.get $width)) (local.get $x0)) (i32.const 3))))
    (call $blend (local.get $i00)
      (select (i32.add (local.get $i00) (i32.mul (local.get $width) (i32.const 3))) (local.get $i00) (local.get $fy))
      (local.get $fx) (local.get $fy) (local.get $out)))

  ;; The first x of a row at which position p0 + x step stops (or starts) lying in [0, limit):
  ;; solved in f64, then widened by one pixel on each side, so the span [first, last) it gives is
  ;; inside for certain; the border path checks the rest.
  (func $span (param $p0 i64) (param $step i64) (param $limit i64) (param $width i32) (result i64)
    (local $first f64) (local $last f64) (local $t f64)
    (if (i64.eqz (local.get $step)) (then
      (if (i32.and (i64.ge_s (local.get $p0) (i64.const 0)) (i64.lt_s (local.get $p0) (local.get $limit)))
        (then (return (i64.shl (i64.extend_i32_u (local.get $width)) (i64.const 32))))
        (else (return (i64.const 0))))))
    (local.set $first (f64.div (f64.convert_i64_s (i64.sub (i64.const 0) (local.get $p0))) (f64.convert_i64_s (local.get $step))))
    (local.set $last (f64.div (f64.convert_i64_s (i64.sub (local.get $limit) (local.get $p0))) (f64.convert_i64_s (local.get $step))))
    (if (f64.gt (local.get $first) (local.get $last)) (then
      (local.set $t (local.get $first))
      (local.set $first (local.get $last))
      (local.set $last (local.get $t))))
    (local.set $first (f64.max (f64.const 0) (f64.add (f64.ceil (local.get $first)) (f64.const 1))))
    (local.set $last (f64.min (f64.convert_i32_u (local.get $width)) (f64.sub (f64.floor (local.get $last)) (f64.const 1))))
    (if (f64.ge (local.get $first) (local.get $last)) (then (return (i64.const 0))))
    ;; first in the low 32 bits, last in the high 32 bits.
    (i64.or (i64.trunc_f64_u (local.get $first)) (i64.shl (i64.trunc_f64_u (local.get $last)) (i64.const 32))))

  ;; Bilinear resampling of an RGB image under an affine map. (a b c; d e f) maps output
  ;; coordinates to source coordinates in pixel-index units; source positions advance along a row
  ;; in 16.16 fixed point. Positions outside [-0.5, side - 0.5] get `fill` (0x00BBGGRR).
  (func (export "warp_rgb") (param $src i32) (param $dst i32) (param $width i32) (param $height i32)
      (param $a f64) (param $b f64) (param $c f64) (param $d f64) (param $e f64) (param $f f64) (param $fill i32)
    (local $x i32) (local $y i32) (local $out i32) (local $stride i32)
    (local $u i64) (local $v i64) (local $stepU i64) (local $stepV i64)
    (local $ui i32) (local $vi i32) (local $i00 i32) (local $row f64)
    (local $fx i32) (local $fy i32) (local $gx i32) (local $gy i32) (local $sum v128)
    (local $spanU i64) (local $spanV i64) (local $first i32) (local $last i32)
    (local.set $stride (i32.mul (local.get $width) (i32.const 3)))
    (local.set $stepU (i64.trunc_sat_f64_s (f64.nearest (f64.mul (local.get $a) (f64.const 65536)))))
    (local.set $stepV (i64.trunc_sat_f64_s (f64.nearest (f64.mul (local.get $d) (f64.const 65536)))))
    (local.set $out (local.get $dst))
    (local.set $y (i32.const 0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $y) (local.get $height)))
      ;; Output pixel centre (x + 0.5, y + 0.5) maps to source point (u + 0.5, v + 0.5).
      (local.set $row (f64.add (f64.convert_i32_u (local.get $y)) (f64.const 0.5)))
      (local.set $u (i64.trunc_sat_f64_s (f64.nearest (f64.mul (f64.sub (f64.add (f64.add (f64.mul (local.get $a) (f64.const 0.5)) (f64.mul (local.get $b) (local.get $row))) (local.get $c)) (f64.const 0.5)) (f64.const 65536)))))
      (local.set $v (i64.trunc_sat_f64_s (f64.nearest (f64.mul (f64.sub (f64.add (f64.add (f64.mul (local.get $d) (f64.const 0.5)) (f64.mul (local.get $e) (local.get $row))) (local.get $f)) (f64.const 0.5)) (f64.const 65536)))))
      ;; Pixels [first, last) read inside the image with both neighbours: no checks there.
      (local.set $spanU (call $span (local.get $u) (local.get $stepU) (i64.shl (i64.extend_i32_u (i32.sub (local.get $width) (i32.const 1))) (i64.const 16)) (local.get $width)))
      (local.set $spanV (call $span (local.get $v) (local.get $stepV) (i64.shl (i64.extend_i32_u (i32.sub (local.get $height) (i32.const 1))) (i64.const 16)) (local.get $width)))
      (local.set $first (i32.wrap_i64 (select (local.get $spanU) (local.get $spanV) (i64.gt_u (i64.and (local.get $spanU) (i64.const 0xffffffff)) (i64.and (local.get $spanV) (i64.const 0xffffffff))))))
      (local.set $last (i32.wrap_i64 (i64.shr_u (select (local.get $spanU) (local.get $spanV) (i64.lt_u (local.get $spanU) (local.get $spanV))) (i64.const 32))))
      (local.set $last (select (local.get $last) (local.get $first) (i32.gt_u (local.get $last) (local.get $first))))
      (local.set $x (i32.const 0))
      (block $columns_done (loop $columns
        (br_if $columns_done (i32.ge_u (local.get $x) (local.get $width)))
        (if (i32.lt_u (i32.sub (local.get $x) (local.get $first)) (i32.sub (local.get $last) (local.get $first)))
          (then
            ;; $blend written out: this runtime does not inline WebAssembly calls.
            (local.set $ui (i32.wrap_i64 (local.get $u)))
            (local.set $vi (i32.wrap_i64 (local.get $v)))
            (local.set $i00 (i32.add (local.get $src) (i32.mul (i32.add (i32.mul (i32.shr_u (local.get $vi) (i32.const 16)) (local.get $width)) (i32.shr_u (local.get $ui) (i32.const 16))) (i32.const 3))))
            (local.set $fx (i32.and (i32.shr_u (local.get $ui) (i32.const 9)) (i32.const 127)))
            (local.set $fy (i32.and (i32.shr_u (local.get $vi) (i32.const 9)) (i32.const 127)))
            (local.set $gx (i32.sub (i32.const 128) (local.get $fx)))
            (local.set $gy (i32.sub (i32.const 128) (local.get $fy)))
            (local.set $sum (i32x4.add
              (i32x4.dot_i16x8_s
                (i8x16.shuffle 0 16 3 16 1 16 4 16 2 16 5 16 16 16 16 16 (v128.load64_zero (local.get $i00)) (v128.const i32x4 0 0 0 0))
                (i32x4.splat (i32.or (i32.mul (local.get $gx) (local.get $gy)) (i32.shl (i32.mul (local.get $fx) (local.get $gy)) (i32.const 16)))))
              (i32x4.dot_i16x8_s
                (i8x16.shuffle 0 16 3 16 1 16 4 16 2 16 5 16 16 16 16 16 (v128.load64_zero (i32.add (local.get $i00) (local.get $stride))) (v128.const i32x4 0 0 0 0))
                (i32x4.splat (i32.or (i32.mul (local.get $gx) (local.get $fy)) (i32.shl (i32.mul (local.get $fx) (local.get $fy)) (i32.const 16)))))))
            (local.set $sum (i32x4.shr_u (i32x4.add (local.get $sum) (i32x4.splat (i32.const 8192))) (i32.const 14)))
            (local.set $sum (i16x8.narrow_i32x4_u (local.get $sum) (local.get $sum)))
            (local.set $sum (i8x16.narrow_i16x8_u (local.get $sum) (local.get $sum)))
            (v128.store32_lane 0 (local.get $out) (local.get $sum)))
          (else (call $border_pixel (local.get $src) (local.get $width) (local.get $height) (local.get $u) (local.get $v) (local.get $fill) (local.get $out))))
        (local.set $out (i32.add (local.get $out) (i32.const 3)))
        (local.set $u (i64.add (local.get $u) (local.get $stepU)))
        (local.set $v (i64.add (local.get $v) (local.get $stepV)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $columns)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br $rows))))

  ;; An affine colour map on RGB pixels in 12-bit fixed point: out = clamp((M p + offset) >> 12),
  ;; column k of M given as (m0k, m1k, m2k).
  (func (export "colour_rgb") (param $src i32) (param $dst i32) (param $pixels i32)
      (param $m00 i32) (param $m10 i32) (param $m20 i32) (param $m01 i32) (param $m11 i32) (param $m21 i32)
      (param $m02 i32) (param $m12 i32) (param $m22 i32) (param $offset i32)
    (local $in i32) (local $out i32) (local $end i32)
    (local $red v128) (local $green v128) (local $blue v128) (local $constant v128) (local $sum v128)
    (local.set $red (i32x4.replace_lane 2 (i32x4.replace_lane 1 (i32x4.splat (local.get $m00)) (local.get $m10)) (local.get $m20)))
    (local.set $red (i32x4.replace_lane 3 (local.get $red) (i32.const 0)))
    (local.set $green (i32x4.replace_lane 2 (i32x4.replace_lane 1 (i32x4.splat (local.get $m01)) (local.get $m11)) (local.get $m21)))
    (local.set $green (i32x4.replace_lane 3 (local.get $green) (i32.const 0)))
    (local.set $blue (i32x4.replace_lane 2 (i32x4.replace_lane 1 (i32x4.splat (local.get $m02)) (local.get $m12)) (local.get $m22)))
    (local.set $blue (i32x4.replace_lane 3 (local.get $blue) (i32.const 0)))
    (local.set $constant (i32x4.splat (local.get $offset)))
    (local.set $in (local.get $src))
    (local.set $out (local.get $dst))
    (local.set $end (i32.add (local.get $src) (i32.mul (local.get $pixels) (i32.const 3))))
    (block $done (loop $pixel
      (br_if $done (i32.ge_u (local.get $in) (local.get $end)))
      (local.set $sum (i32x4.add
        (i32x4.add
          (i32x4.mul (local.get $red) (i32x4.splat (i32.load8_u (local.get $in))))
          (i32x4.mul (local.get $green) (i32x4.splat (i32.load8_u offset=1 (local.get $in)))))
        (i32x4.add
          (i32x4.mul (local.get $blue) (i32x4.splat (i32.load8_u offset=2 (local.get $in))))
          (local.get $constant))))
      (local.set $sum (i32x4.shr_s (local.get $sum) (i32.const 12)))
      (local.set $sum (i16x8.narrow_i32x4_s (local.get $sum) (local.get $sum)))
      (local.set $sum (i8x16.narrow_i16x8_u (local.get $sum) (local.get $sum)))
      (v128.store32_lane 0 (local.get $out) (local.get $sum))
      (local.set $in (i32.add (local.get $in) (i32.const 3)))
      (local.set $out (i32.add (local.get $out) (i32.const 3)))
      (br $pixel)))))
