export function explicitRipsDiagrams(
  _l: Float32Array,
  _n: number,
  _m: number,
  _t: number,
  _b: number,
): never {
  throw new Error("todo");
}
