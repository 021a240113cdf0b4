/**
 * `deno task wasm [--check]`: compile the conv engine's SIMD kernels (the
 * WebAssembly text of src/nn/conv_kernels_wat.ts) with npm wabt and write
 * their bytes, base64, into src/nn/conv_kernels_wasm_bytes.ts, which the
 * engine loads (no compiler at run time). `--check` writes nothing and exits
 * 1 when the committed bytes are not those of the text.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { convKernelsWat } from "../nn/conv_kernels_wat.ts";
import { CONV_KERNELS_WASM_BASE64 } from "../nn/conv_kernels_wasm_bytes.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";

/** Base64 of `bytes`. */
function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let k = 0; k < bytes.length; k += 4096) {
    binary += String.fromCharCode(...bytes.subarray(k, k + 4096));
  }
  return btoa(binary);
}

/** The generated module's path in the repository. */
export const KERNELS_BYTES_FILE = fileURLToPath(
  new URL("../nn/conv_kernels_wasm_bytes.ts", import.meta.url),
);

/**
 * The kernels compiled from their text (SIMD enabled, no names section).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileConvKernels } from "./wasm.ts";
 * const bytes = await compileConvKernels();
 * assert.ok(WebAssembly.validate(bytes));
 * ```
 */
export async function compileConvKernels(): Promise<Uint8Array<ArrayBuffer>> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("conv_kernels.wat", convKernelsWat(), { simd: true });
  try {
    module.validate();
    return new Uint8Array(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

/**
 * The TypeScript module that carries `bytes`, base64 in lines of 96 characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bytesModule } from "./wasm.ts";
 * assert.match(bytesModule(new Uint8Array([0, 97, 115, 109])), /"AGFzbQ=="/);
 * ```
 */
export function bytesModule(bytes: Uint8Array): string {
  const text = encodeBase64(bytes);
  const lines: string[] = [];
  for (let k = 0; k < text.length; k += 96) lines.push(`  "${text.slice(k, k + 96)}",`);
  return `/**
 * The conv engine's SIMD kernels, compiled from src/nn/conv_kernels_wat.ts by
 * \`deno task wasm\` (generated: do not edit; tests/nn/conv_kernels_wasm_test.ts
 * fails when it is stale).
 *
 * @module
 */

/** The kernels' WebAssembly module, base64 (${bytes.length} bytes). */
export const CONV_KERNELS_WASM_BASE64: string = [
${lines.join("\n")}
].join("");
`;
}

/**
 * Whether the committed kernel bytes are those compiled from the text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelsUpToDate } from "./wasm.ts";
 * assert.equal(typeof await kernelsUpToDate(), "boolean");
 * ```
 */
export async function kernelsUpToDate(): Promise<boolean> {
  return encodeBase64(await compileConvKernels()) === CONV_KERNELS_WASM_BASE64;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  if (values.check) {
    if (!(await kernelsUpToDate())) {
      console.error(
        `${KERNELS_BYTES_FILE}: stale (the kernels' text changed): run \`deno task wasm\``,
      );
      Deno.exit(1);
    }
    console.log(`${KERNELS_BYTES_FILE}: up to date`);
  } else {
    const bytes = await compileConvKernels();
    await writeFileAtomic(KERNELS_BYTES_FILE, bytesModule(bytes));
    console.log(`wrote ${KERNELS_BYTES_FILE} (${bytes.length} bytes of WebAssembly)`);
  }
}
