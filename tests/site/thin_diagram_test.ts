import assert from "node:assert/strict";
import { thinDiagrams } from "../../site/charts/thin_diagram.ts";
import { createRandom } from "../../src/data/random.ts";
import type { Diagram } from "../../src/topology/diagram.ts";

/** Thinning as first written: cells named by strings, the most persistent interval kept. */
function reference(diagrams: Diagram[], cells: number): Diagram[] {
  let hi = 0;
  for (const diagram of diagrams) {
    for (const [b, d] of diagram) hi = Math.max(hi, b, Number.isFinite(d) ? d : b);
  }
  const scale = hi > 0 ? cells / hi : 1;
  return diagrams.map((diagram) => {
    const best = new Map<string, [number, number]>();
    for (const interval of diagram) {
      const [b, d] = interval;
      const key = `${Math.round(b * scale)},${Number.isFinite(d) ? Math.round(d * scale) : "inf"}`;
      const kept = best.get(key);
      if (!kept || d - b > kept[1] - kept[0]) best.set(key, interval);
    }
    return [...best.values()];
  });
}

Deno.test("thinDiagrams keeps, cell by cell and in order, what the string-keyed thinning kept", () => {
  const random = createRandom(17);
  const value = (lo: number) => lo + Math.floor(random.next() * 200) / 37;
  for (const cells of [80, 7, 12.5]) {
    const diagrams: Diagram[] = [-1, 0, 0].map((lo) =>
      Array.from({ length: 400 }, (): [number, number] => {
        const b = value(lo);
        return [b, random.next() < 0.05 ? Infinity : b + value(0)];
      })
    );
    const thinned = thinDiagrams(diagrams, { cells, limit: 10 });
    const expected = reference(diagrams, cells);
    assert.deepEqual(thinned.diagrams, expected, `cells ${cells}`);
    assert.equal(thinned.shown, expected.reduce((n, d) => n + d.length, 0));
    assert.ok(thinned.shown < thinned.total, "intervals were merged");
  }
});
