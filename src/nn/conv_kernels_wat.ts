/**
 * The WebAssembly text (WAT) of the conv engine's SIMD kernels: the source
 * that `deno task wasm` compiles (with npm wabt) into the committed bytes of
 * conv_kernels_wasm_bytes.ts. The kernels work on one image at a time over
 * a memory imported as `env.mem`, every pointer a byte offset, in f32x4
 * lanes (no fused multiply-add, no relaxed SIMD: IEEE single precision, the
 * same bits on every machine):
 *
 * - `conv_fwd`: a stride-1 convolution (NHWC input, `[kh, kw, C, F]`
 *   kernel, zero padding `pt`/`pl` before the image) with ReLU or linear
 *   output; F a multiple of 4, filters taken 16 at a time in four registers;
 *   with `sparse` it skips zero inputs (exact: they add nothing).
 * - `conv_fwd_scatter`: the same result (up to the order of the sums) by
 *   scattering each non-zero input into the outputs it reaches: for sparse
 *   images with few channels.
 * - `pool_fwd`: a max-pool with the index of each window's first maximum;
 *   C a multiple of 4 (`pool2_fwd`: the same for 2×2 windows, unrolled).
 * - `conv_bwd_f`: dL/d(pre-activation) in place, bias and kernel gradients
 *   and (optionally) dL/d(input), vectorised over the filters (F a multiple of
 *   4): for layers with few input channels, such as a first layer on pixels.
 * - `conv_bwd_c`: the same vectorised over the input channels (C a multiple
 *   of 4), visiting only the non-zero output gradients (after a max-pool, at
 *   most one position per window has one); it reads the kernel and writes its
 *   gradient transposed, `[kh, kw, F, C]`.
 *
 * - `dense_fwd`: a dense layer, its kernel transposed, vectorised over its
 *   inputs (a multiple of 4); its backward pass is `conv_bwd_c` on a 1×1 image.
 * - `pool_bwd`: a max-pool's backward pass from the recorded maxima.
 *
 * Every loop runs in a fixed order, so results do not depend on the machine.
 *
 * @module
 */

/** `(local.get $name)`. */
const get = (name: string) => `(local.get $${name})`;
/** `(local.set $name value)`. */
const set = (name: string, value: string) => `(local.set $${name} ${value})`;
/** `a + b`, `a * b` on i32. */
const add = (a: string, b: string) => `(i32.add ${a} ${b})`;
const mul = (a: string, b: string) => `(i32.mul ${a} ${b})`;
const int = (k: number) => `(i32.const ${k})`;
/** Byte offset of float index `i`. */
const bytes = (i: string) => `(i32.shl ${i} (i32.const 2))`;

/** `for (v = from; v < to; v += step) body`, labels made unique by `v`'s name. */
function loop(v: string, from: string, to: string, body: string, step = int(1)): string {
  return `${set(v, from)}
(block $end_${v} (loop $next_${v}
  (br_if $end_${v} (i32.ge_s ${get(v)} ${to}))
  ${body}
  ${set(v, add(get(v), step))}
  (br $next_${v})))`;
}

/**
 * The kernel taps of output position (oy, ox) that fall inside the image:
 * `body` runs with `iy`, `ix` set; suffix `s` keeps labels unique.
 */
function taps(s: string, body: string): string {
  return loop(
    `dy${s}`,
    int(0),
    get("KH"),
    `${set("iy", `(i32.sub ${add(get("oy"), get(`dy${s}`))} ${get("pt")})`)}
    (block $out_dy${s}
      (br_if $out_dy${s} (i32.or (i32.lt_s ${get("iy")} ${int(0)}) (i32.ge_s ${get("iy")} ${
      get("H")
    })))
      ${
      loop(
        `dx${s}`,
        int(0),
        get("KW"),
        `${set("ix", `(i32.sub ${add(get("ox"), get(`dx${s}`))} ${get("pl")})`)}
        (block $out_dx${s}
          (br_if $out_dx${s} (i32.or (i32.lt_s ${get("ix")} ${int(0)}) (i32.ge_s ${get("ix")} ${
          get("W")
        })))
          ${set("tap", add(mul(get(`dy${s}`), get("KW")), get(`dx${s}`)))}
          ${body})`,
      )
    })`,
  );
}

/** Float index of input pixel (iy, ix), channel 0. */
const pixel = mul(add(mul(get("iy"), get("W")), get("ix")), get("C"));
/** Float index of output position (oy, ox), channel 0. */
const position = mul(add(mul(get("oy"), get("OW")), get("ox")), get("F"));

/** `body` at every output position (oy, ox) of an `OH × OW` output. */
const overOutputs = (body: string) =>
  loop("oy", int(0), get("OH"), loop("ox", int(0), get("OW"), body));

const geometryParams = ["H", "W", "C", "F", "KH", "KW", "pt", "pl", "OH", "OW", "relu"]
  .map((p) => `(param $${p} i32)`).join(" ");
const zero = "(v128.const i32x4 0 0 0 0)";
/** ReLU that maps NaN and −0 to +0, as the JavaScript engine's `z > 0 ? z : 0`. */
const relu = (v: string) => `(v128.and ${v} (f32x4.gt ${v} ${zero}))`;

/** Forward block of `n` f32x4 accumulators (4n filters starting at `fb`). */
function forwardBlock(n: number): string {
  const s = `_${n}`;
  const regs = Array.from({ length: n }, (_, r) => r);
  /** Add list entry at `e + offset` into accumulators `acc`0…. */
  const entry = (acc: string, offset: number) =>
    `${set("sv", `(f32x4.splat (f32.load offset=${offset + 4} ${get("e")}))`)}
    ${set("kc", add(get("kb"), `(i32.load offset=${offset} ${get("e")})`))}
    ${
      regs.map((r) =>
        set(
          `${acc}${r}`,
          `(f32x4.add ${get(`${acc}${r}`)} (f32x4.mul ${get("sv")} (v128.load offset=${16 * r} ${
            get("kc")
          })))`,
        )
      ).join("\n")
    }`;
  return `${
    regs.map((r) =>
      set(`a${r}`, `(v128.load offset=${16 * r} ${add(get("pb"), bytes(get("fb")))})`)
    )
      .join("\n")
  }

  ${
    taps(
      s,
      `${set("p", add(mul(get("iy"), get("W")), get("ix")))}
      ${set("e", add(get("plist"), `(i32.shl ${mul(get("p"), get("C"))} (i32.const 3))`))}
      ${
        set(
          "end",
          add(
            get("e"),
            `(i32.shl (i32.load ${add(get("pcount"), bytes(get("p")))}) (i32.const 3))`,
          ),
        )
      }
      ${set("kb", add(get("pk"), bytes(add(mul(mul(get("tap"), get("C")), get("F")), get("fb")))))}
      (block $end_e${s} (loop $next_e${s}
        (br_if $end_e${s} (i32.ge_u ${get("e")} ${get("end")}))
        ${entry("a", 0)}
        ${set("e", add(get("e"), int(8)))}
        (br $next_e${s})))`,
    )
  }
  ${set("ob", add(get("py"), bytes(add(position, get("fb")))))}
  ${
    regs.map((r) =>
      `(v128.store offset=${16 * r} ${get("ob")} (select ${relu(get(`a${r}`))} ${get(`a${r}`)} ${
        get("relu")
      }))`
    ).join("\n")
  }`;
}

/**
 * For each input pixel, the list of its non-zero channels: pairs (byte offset
 * c·F·4 of the channel's kernel row, value) at `plist + 8·C·pixel`, and their
 * number at `pcount + 4·pixel`.
 */
const compactInputs = loop(
  "p",
  int(0),
  mul(get("H"), get("W")),
  `${set("e", add(get("plist"), `(i32.shl ${mul(get("p"), get("C"))} (i32.const 3))`))}
  ${set("kc", int(0))}
  ${
    loop(
      "c",
      int(0),
      get("C"),
      `${set("xv", `(f32.load ${add(get("px"), bytes(add(mul(get("p"), get("C")), get("c"))))})`)}
      ${set("end", add(get("e"), `(i32.shl ${get("kc")} (i32.const 3))`))}
      (i32.store ${get("end")} ${bytes(mul(get("c"), get("F")))})
      (f32.store offset=4 ${get("end")} ${get("xv")})
      ${set("kc", add(get("kc"), `(f32.ne ${get("xv")} (f32.const 0))`))}`,
    )
  }
  (i32.store ${add(get("pcount"), bytes(get("p")))} ${get("kc")})`,
);

const convForward = `(func (export "conv_fwd")
  (param $px i32) (param $pk i32) (param $pb i32) (param $py i32) ${geometryParams} (param $plist i32)
  (local $oy i32) (local $ox i32) (local $fb i32) (local $iy i32) (local $ix i32) (local $tap i32)
  (local $p i32) (local $e i32) (local $end i32) (local $kc i32) (local $pcount i32) (local $c i32)
  (local $kb i32) (local $ob i32) (local $xv f32) (local $sv v128)
  (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
  (local $dy_4 i32) (local $dx_4 i32) (local $dy_1 i32) (local $dx_1 i32)
  ${
  set(
    "pcount",
    add(get("plist"), `(i32.shl ${mul(mul(get("H"), get("W")), get("C"))} (i32.const 3))`),
  )
}
  ${compactInputs}
  ${
  overOutputs(
    `${set("fb", int(0))}
      (block $end16 (loop $next16
        (br_if $end16 (i32.gt_s ${add(get("fb"), int(16))} ${get("F")}))
        ${forwardBlock(4)}
        ${set("fb", add(get("fb"), int(16)))}
        (br $next16)))
      (block $end4 (loop $next4
        (br_if $end4 (i32.gt_s ${add(get("fb"), int(4))} ${get("F")}))
        ${forwardBlock(1)}
        ${set("fb", add(get("fb"), int(4)))}
        (br $next4)))`,
  )
}
)`;

/**
 * Forward pass by scattering each non-zero input into the outputs it reaches:
 * for sparse inputs with few channels (a first layer on mostly blank digits).
 */
const convScatter = `(func (export "conv_fwd_scatter")
  (param $px i32) (param $pk i32) (param $pb i32) (param $py i32) ${geometryParams}
  (local $oy i32) (local $ox i32) (local $f i32) (local $iy i32) (local $ix i32) (local $c i32)
  (local $dy i32) (local $dx i32) (local $yb i32) (local $kb i32) (local $xv f32) (local $sv v128)
  (local $v v128) (local $end i32) (local $kc i32) (local $yo i32)
  ${set("yb", get("py"))}
  ${
  loop(
    "oy",
    int(0),
    mul(get("OH"), get("OW")),
    `${
      loop(
        "f",
        int(0),
        bytes(get("F")),
        `(v128.store ${add(get("yb"), get("f"))} (v128.load ${add(get("pb"), get("f"))}))`,
        int(16),
      )
    }
    ${set("yb", add(get("yb"), bytes(get("F"))))}`,
  )
}
  ${
  loop(
    "iy",
    int(0),
    get("H"),
    loop(
      "ix",
      int(0),
      get("W"),
      loop(
        "c",
        int(0),
        get("C"),
        `(block $zero
        ${set("xv", `(f32.load ${add(get("px"), bytes(add(pixel, get("c"))))})`)}
        (br_if $zero (f32.eq ${get("xv")} (f32.const 0)))
        ${set("sv", `(f32x4.splat ${get("xv")})`)}
        ${
          loop(
            "dy",
            int(0),
            get("KH"),
            `${set("oy", `(i32.sub ${add(get("iy"), get("pt"))} ${get("dy")})`)}
            (block $out_dy
              (br_if $out_dy (i32.or (i32.lt_s ${get("oy")} ${int(0)}) (i32.ge_s ${get("oy")} ${
              get("OH")
            })))
              ${
              loop(
                "dx",
                int(0),
                get("KW"),
                `${set("ox", `(i32.sub ${add(get("ix"), get("pl"))} ${get("dx")})`)}
                (block $out_dx
                  (br_if $out_dx (i32.or (i32.lt_s ${get("ox")} ${int(0)}) (i32.ge_s ${get("ox")} ${
                  get("OW")
                })))
                  ${set("yb", add(get("py"), bytes(position)))}
                  ${
                  set(
                    "kb",
                    add(
                      get("pk"),
                      bytes(
                        mul(
                          add(mul(add(mul(get("dy"), get("KW")), get("dx")), get("C")), get("c")),
                          get("F"),
                        ),
                      ),
                    ),
                  )
                }
                  ${set("f", int(0))}
                  ${set("end", `(i32.and ${bytes(get("F"))} (i32.const -64))`)}
                  (block $end_f4 (loop $next_f4
                    (br_if $end_f4 (i32.ge_s ${get("f")} ${get("end")}))
                    ${set("yo", add(get("yb"), get("f")))}
                    ${set("kc", add(get("kb"), get("f")))}
                    ${
                  [0, 16, 32, 48].map((o) =>
                    `(v128.store offset=${o} ${get("yo")} (f32x4.add
                      (v128.load offset=${o} ${get("yo")})
                      (f32x4.mul ${get("sv")} (v128.load offset=${o} ${get("kc")}))))`
                  ).join("\n")
                }
                    ${set("f", add(get("f"), int(64)))}
                    (br $next_f4)))
                  (block $end_f1 (loop $next_f1
                    (br_if $end_f1 (i32.ge_s ${get("f")} ${bytes(get("F"))}))
                    (v128.store ${add(get("yb"), get("f"))} (f32x4.add
                      (v128.load ${add(get("yb"), get("f"))})
                      (f32x4.mul ${get("sv")} (v128.load ${add(get("kb"), get("f"))}))))
                    ${set("f", add(get("f"), int(16)))}
                    (br $next_f1)))
                )`,
              )
            })`,
          )
        })`,
      ),
    ),
  )
}
  (if ${get("relu")} (then ${
  loop(
    "f",
    int(0),
    mul(mul(get("OH"), get("OW")), get("F")),
    `${set("v", `(v128.load ${add(get("py"), bytes(get("f")))})`)}
    (v128.store ${add(get("py"), bytes(get("f")))} ${relu(get("v"))})`,
    int(4),
  )
}))
)`;

const poolForward = `(func (export "pool_fwd")
  (param $px i32) (param $py i32) (param $parg i32) (param $W i32) (param $C i32)
  (param $OH i32) (param $OW i32) (param $P i32)
  (local $oy i32) (local $ox i32) (local $c i32) (local $dy i32) (local $dx i32) (local $idx i32)
  (local $ob i32) (local $v v128) (local $m v128) (local $best v128) (local $where v128)
  ${
  overOutputs(
    `${set("ob", mul(add(mul(get("oy"), get("OW")), get("ox")), get("C")))}
      ${
      loop(
        "c",
        int(0),
        get("C"),
        `${set("best", "(v128.const f32x4 -inf -inf -inf -inf)")}
          ${set("where", zero)}
          ${
          loop(
            "dy",
            int(0),
            get("P"),
            loop(
              "dx",
              int(0),
              get("P"),
              `${
                set(
                  "idx",
                  add(
                    mul(
                      add(
                        mul(add(mul(get("oy"), get("P")), get("dy")), get("W")),
                        add(mul(get("ox"), get("P")), get("dx")),
                      ),
                      get("C"),
                    ),
                    get("c"),
                  ),
                )
              }
                ${set("v", `(v128.load ${add(get("px"), bytes(get("idx")))})`)}
                ${set("m", `(f32x4.gt ${get("v")} ${get("best")})`)}
                ${set("best", `(v128.bitselect ${get("v")} ${get("best")} ${get("m")})`)}
                ${
                set(
                  "where",
                  `(v128.bitselect (i32x4.add (i32x4.splat ${
                    get("idx")
                  }) (v128.const i32x4 0 1 2 3)) ${get("where")} ${get("m")})`,
                )
              }`,
            ),
          )
        }
          (v128.store ${add(get("py"), bytes(add(get("ob"), get("c"))))} ${get("best")})
          (v128.store ${add(get("parg"), bytes(add(get("ob"), get("c"))))} ${get("where")})`,
        int(4),
      )
    }`,
  )
}
)`;

/** One window element of the 2×2 pool: byte offset `o` from `a`, index vector `i`. */
function poolElement(o: string, i: string): string {
  return `${set("v", `(v128.load ${add(get("a"), o)})`)}
  ${set("m", `(f32x4.gt ${get("v")} ${get("best")})`)}
  ${set("best", `(v128.bitselect ${get("v")} ${get("best")} ${get("m")})`)}
  ${set("where", `(v128.bitselect ${i} ${get("where")} ${get("m")})`)}`;
}

/** `pool_fwd` for 2×2 windows, unrolled. */
const pool2Forward = `(func (export "pool2_fwd")
  (param $px i32) (param $py i32) (param $parg i32) (param $W i32) (param $C i32)
  (param $OH i32) (param $OW i32)
  (local $oy i32) (local $ox i32) (local $c i32) (local $base i32) (local $a i32) (local $ob i32)
  (local $v v128) (local $m v128) (local $best v128) (local $where v128) (local $i0 v128)
  (local $right v128) (local $down v128)
  ${set("right", `(i32x4.splat ${get("C")})`)}
  ${set("down", `(i32x4.splat ${mul(get("W"), get("C"))})`)}
  ${
  overOutputs(
    `${
      set(
        "base",
        mul(add(mul(mul(get("oy"), int(2)), get("W")), mul(get("ox"), int(2))), get("C")),
      )
    }
      ${set("ob", mul(add(mul(get("oy"), get("OW")), get("ox")), get("C")))}
      ${
      loop(
        "c",
        int(0),
        get("C"),
        `${set("a", add(get("px"), bytes(add(get("base"), get("c")))))}
          ${
          set(
            "i0",
            `(i32x4.add (i32x4.splat ${add(get("base"), get("c"))}) (v128.const i32x4 0 1 2 3))`,
          )
        }
          ${set("best", "(v128.const f32x4 -inf -inf -inf -inf)")}
          ${set("where", zero)}
          ${poolElement(int(0), get("i0"))}
          ${poolElement(bytes(get("C")), `(i32x4.add ${get("i0")} ${get("right")})`)}
          ${set("i0", `(i32x4.add ${get("i0")} ${get("down")})`)}
          ${poolElement(bytes(mul(get("W"), get("C"))), get("i0"))}
          ${
          poolElement(
            bytes(mul(add(get("W"), int(1)), get("C"))),
            `(i32x4.add ${get("i0")} ${get("right")})`,
          )
        }
          (v128.store ${add(get("py"), bytes(add(get("ob"), get("c"))))} ${get("best")})
          (v128.store ${add(get("parg"), bytes(add(get("ob"), get("c"))))} ${get("where")})`,
        int(4),
      )
    }`,
  )
}
)`;

/**
 * `body` at every output position (oy, ox) of a backward pass, with `db` at
 * the position's output gradients and `yb` at its outputs.
 */
const overOutputGradients = (body: string) =>
  overOutputs(
    `${set("db", add(get("pdy"), bytes(position)))}
      ${set("yb", add(get("py"), bytes(position)))}
      ${body}`,
  );

/** `target[c] += sv · source[c]` over the C channels (byte addresses; C a multiple of 4). */
const scaledAdd = (target: string, source: string) =>
  loop(
    "c",
    int(0),
    bytes(get("C")),
    `(v128.store ${add(target, get("c"))} (f32x4.add
      (v128.load ${add(target, get("c"))})
      (f32x4.mul ${get("sv")} (v128.load ${add(source, get("c"))}))))`,
    int(16),
  );

const backwardParams =
  `(param $px i32) (param $py i32) (param $pdy i32) (param $pk i32) (param $pgk i32) (param $pgb i32) (param $pdx i32) ${geometryParams}`;
const backwardLocals =
  `(local $oy i32) (local $ox i32) (local $f i32) (local $c i32) (local $iy i32) (local $ix i32)
  (local $tap i32) (local $in i32) (local $kb i32) (local $db i32) (local $yb i32) (local $g v128)
  (local $any v128) (local $sv v128) (local $acc v128) (local $gz f32) (local $dy_b i32) (local $dx_b i32)`;

/** The bias gradient's and dL/dz's update at one position, vectorised over the filters. */
const filterGradients = `${set("any", zero)}
  ${
  loop(
    "f",
    int(0),
    get("F"),
    `${set("g", `(v128.load ${add(get("db"), bytes(get("f")))})`)}
    (if ${get("relu")} (then ${
      set(
        "g",
        `(v128.and ${get("g")} (f32x4.gt (v128.load ${add(get("yb"), bytes(get("f")))}) ${zero}))`,
      )
    }))
    (v128.store ${add(get("db"), bytes(get("f")))} ${get("g")})
    (v128.store ${add(get("pgb"), bytes(get("f")))} (f32x4.add (v128.load ${
      add(get("pgb"), bytes(get("f")))
    }) ${get("g")}))
    ${set("any", `(v128.or ${get("any")} ${get("g")})`)}`,
    int(4),
  )
}`;

const backwardOverFilters = `(func (export "conv_bwd_f") ${backwardParams} ${backwardLocals}
  ${
  overOutputGradients(
    `      (block $idle
      ${filterGradients}
      (br_if $idle (i32.eqz (v128.any_true ${get("any")})))
      ${
      taps(
        "_b",
        `${set("in", pixel)}
          ${set("kb", bytes(mul(mul(get("tap"), get("C")), get("F"))))}
          ${
          loop(
            "c",
            int(0),
            get("C"),
            `${set("sv", `(f32x4.splat (f32.load ${add(get("px"), bytes(get("in")))}))`)}
              (if (v128.any_true ${get("sv")}) (then ${
              loop(
                "f",
                int(0),
                get("F"),
                `(v128.store ${add(add(get("pgk"), get("kb")), bytes(get("f")))} (f32x4.add
                    (v128.load ${add(add(get("pgk"), get("kb")), bytes(get("f")))})
                    (f32x4.mul ${get("sv")} (v128.load ${add(get("db"), bytes(get("f")))}))))`,
                int(4),
              )
            }))
              (if ${get("pdx")} (then
                ${set("acc", zero)}
                ${
              loop(
                "f",
                int(0),
                get("F"),
                set(
                  "acc",
                  `(f32x4.add ${get("acc")} (f32x4.mul (v128.load ${
                    add(add(get("pk"), get("kb")), bytes(get("f")))
                  }) (v128.load ${add(get("db"), bytes(get("f")))})))`,
                ),
                int(4),
              )
            }
                (f32.store ${add(get("pdx"), bytes(get("in")))} (f32.add
                  (f32.load ${add(get("pdx"), bytes(get("in")))})
                  (f32.add
                    (f32.add (f32x4.extract_lane 0 ${get("acc")}) (f32x4.extract_lane 1 ${
              get("acc")
            }))
                    (f32.add (f32x4.extract_lane 2 ${get("acc")}) (f32x4.extract_lane 3 ${
              get("acc")
            })))))))
              ${set("in", add(get("in"), int(1)))}
              ${set("kb", add(get("kb"), bytes(get("F"))))}`,
          )
        }`,
      )
    })`,
  )
}
)`;

const backwardOverChannels = `(func (export "conv_bwd_c") ${backwardParams} ${backwardLocals}
  ${
  overOutputGradients(
    `      ${
      loop(
        "f",
        int(0),
        get("F"),
        `(block $idle
          ${set("gz", `(f32.load ${add(get("db"), bytes(get("f")))})`)}
          (if (i32.and ${get("relu")} (i32.eqz (f32.gt (f32.load ${
          add(get("yb"), bytes(get("f")))
        }) (f32.const 0)))) (then ${set("gz", "(f32.const 0)")}))
          (f32.store ${add(get("db"), bytes(get("f")))} ${get("gz")})
          (br_if $idle (f32.eq ${get("gz")} (f32.const 0)))
          (f32.store ${add(get("pgb"), bytes(get("f")))} (f32.add (f32.load ${
          add(get("pgb"), bytes(get("f")))
        }) ${get("gz")}))
          ${set("sv", `(f32x4.splat ${get("gz")})`)}
          ${
          taps(
            "_b",
            `${set("in", bytes(pixel))}
              ${set("kb", bytes(mul(add(mul(get("tap"), get("F")), get("f")), get("C"))))}
              ${scaledAdd(add(get("pgk"), get("kb")), add(get("px"), get("in")))}
              (if ${get("pdx")} (then ${
              scaledAdd(add(get("pdx"), get("in")), add(get("pk"), get("kb")))
            }))`,
          )
        })`,
      )
    }`,
  )
}
)`;

/** A dense layer `[C] → [F]` with its kernel transposed (`[F, C]`), vectorised over C (a multiple of 4). */
const denseForward = `(func (export "dense_fwd")
  (param $px i32) (param $pk i32) (param $pb i32) (param $py i32) (param $C i32) (param $F i32)
  (param $relu i32)
  (local $f i32) (local $c i32) (local $kb i32) (local $acc v128) (local $z f32)
  ${
  loop(
    "f",
    int(0),
    get("F"),
    `${set("acc", zero)}
    ${set("kb", add(get("pk"), bytes(mul(get("f"), get("C")))))}
    ${
      loop(
        "c",
        int(0),
        bytes(get("C")),
        set(
          "acc",
          `(f32x4.add ${get("acc")} (f32x4.mul (v128.load ${add(get("px"), get("c"))}) (v128.load ${
            add(get("kb"), get("c"))
          })))`,
        ),
        int(16),
      )
    }
    ${
      set(
        "z",
        `(f32.add (f32.load ${add(get("pb"), bytes(get("f")))}) (f32.add
          (f32.add (f32x4.extract_lane 0 ${get("acc")}) (f32x4.extract_lane 1 ${get("acc")}))
          (f32.add (f32x4.extract_lane 2 ${get("acc")}) (f32x4.extract_lane 3 ${get("acc")}))))`,
      )
    }
    (if (i32.and ${get("relu")} (i32.eqz (f32.gt ${get("z")} (f32.const 0)))) (then ${
      set("z", "(f32.const 0)")
    }))
    (f32.store ${add(get("py"), bytes(get("f")))} ${get("z")})`,
  )
}
)`;

/** A max-pool's backward: zero `dx` (`m` values, a multiple of 4), then add each gradient at its window's maximum. */
const poolBackward = `(func (export "pool_bwd")
  (param $pdy i32) (param $parg i32) (param $pdx i32) (param $n i32) (param $m i32)
  (local $k i32) (local $a i32)
  ${
  loop("k", int(0), bytes(get("m")), `(v128.store ${add(get("pdx"), get("k"))} ${zero})`, int(16))
}
  ${
  loop(
    "k",
    int(0),
    get("n"),
    `${set("a", add(get("pdx"), bytes(`(i32.load ${add(get("parg"), bytes(get("k")))})`)))}
    (f32.store ${get("a")} (f32.add (f32.load ${get("a")}) (f32.load ${
      add(get("pdy"), bytes(get("k")))
    })))`,
  )
}
)`;

/**
 * The kernels' module in WebAssembly text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convKernelsWat } from "./conv_kernels_wat.ts";
 * assert.match(convKernelsWat(), /\(export "conv_fwd"\)/);
 * ```
 */
export function convKernelsWat(): string {
  return `(module
(import "env" "mem" (memory 1))
${convForward}
${convScatter}
${poolForward}
${pool2Forward}
${backwardOverFilters}
${backwardOverChannels}
${denseForward}
${poolBackward}
)
`;
}
