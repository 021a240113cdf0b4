/**
 * Lifetimes of bars, with infinite bars handled explicitly: an essential bar
 * `[b, ∞)` is cut at the caller's `infinity` (the filtration threshold or the
 * enclosing radius) — its death becomes `max(b, infinity)`; finite bars are
 * left as they are. Without `infinity`, an infinite bar is an error, never a
 * silent Infinity or NaN in a statistic.
 *
 * @module
 */

import { assertDiagram, type DiagramInput } from "./matching.ts";
import type { Diagram } from "./diagram.ts";

/** How to treat infinite deaths. */
export interface InfinityOption {
  /** Finite value at which infinite deaths are cut (threshold or enclosing radius). */
  infinity?: number;
}

/**
 * A finite copy of the diagram: infinite deaths replaced by
 * `max(birth, infinity)`. Births must be finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { truncateDiagram } from "./lifetimes.ts";
 * const d = truncateDiagram([[0, 1], [0.5, Infinity]], { infinity: 2 });
 * assert.equal(d[1][1], 2);
 * ```
 */
export function truncateDiagram(diagram: DiagramInput, options: InfinityOption = {}): Diagram {
  const { infinity } = options;
  if (infinity !== undefined && (typeof infinity !== "number" || !Number.isFinite(infinity))) {
    throw new RangeError(`option "infinity": expected a finite number, found ${infinity}`);
  }
  assertDiagram(diagram);
  return diagram.map(([birth, death], i): [number, number] => {
    if (!Number.isFinite(birth)) {
      throw new RangeError(`diagram[${i}]: expected a finite birth, found ${birth}`);
    }
    if (Number.isFinite(death)) return [birth, death];
    if (infinity === undefined) {
      throw new RangeError(
        `diagram[${i}]: death is Infinity; pass { infinity } (the threshold or enclosing radius) to cut it`,
      );
    }
    return [birth, Math.max(birth, infinity)];
  });
}

/**
 * Lifetimes `death − birth` of the bars, infinite deaths cut at `infinity`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lifetimes } from "./lifetimes.ts";
 * assert.equal(lifetimes([[0, 1], [1, Infinity]], { infinity: 3 }).join(), "1,2");
 * ```
 */
export function lifetimes(diagram: DiagramInput, options: InfinityOption = {}): number[] {
  return truncateDiagram(diagram, options).map(([birth, death]) => death - birth);
}
