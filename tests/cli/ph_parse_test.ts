import assert from "node:assert/strict";
import { parsePhInput, PhInputError } from "../../src/cli/ph_parse.ts";
import { createRandom } from "../../src/data/random.ts";

/** A number as people write them: signs, exponents, leading or trailing points. */
function written(value: number, k: number): string {
  const forms = [
    String(value),
    value.toExponential(4),
    value.toFixed(6),
    (value >= 0 ? "+" : "") + value.toPrecision(3),
    Math.abs(value) < 1 ? String(value).replace("0.", ".") : `${Math.trunc(value)}.`,
  ];
  return forms[k % forms.length];
}

Deno.test("the one-pass reader gives what the full reader gives (forced by a no-break space) on every format", () => {
  const random = createRandom(77);
  for (let trial = 0; trial < 20; trial++) {
    const n = 2 + random.int(12), d = 1 + random.int(5);
    const separator = [" ", ",", "\t", ", ", "  "][trial % 5];
    const newline = trial % 3 === 0 ? "\r\n" : "\n";
    let k = 0;
    const cloud = Array.from(
      { length: n },
      () =>
        Array.from({ length: d }, () => written((random.next() - 0.5) * 10 ** random.int(4), k++))
          .join(separator),
    );
    const triangle: string[] = [];
    for (let i = 1; i < n; i++) {
      triangle.push(
        Array.from({ length: i }, () => written(random.next() * 100, k++)).join(separator),
      );
    }
    const cases = [
      { format: "point-cloud" as const, text: cloud.join(newline) + (trial % 2 ? newline : "") },
      { format: "lower-distance" as const, text: triangle.join(newline) },
      { format: "upper-distance" as const, text: triangle.join(newline) + newline + newline },
    ];
    for (const { format, text } of cases) {
      const quick = parsePhInput(text, format, "in.txt");
      // a no-break space is whitespace to the full reader, and sends the one-pass reader to it
      const full = parsePhInput("\u00a0" + text, format, "in.txt");
      assert.deepEqual(quick, full, `trial ${trial}, ${format}`);
    }
  }
});

Deno.test("inputs the one-pass reader leaves alone still get the full reader's named errors", () => {
  const bad: [string, "point-cloud" | "lower-distance", RegExp][] = [
    ["1 2\n3 .e5\n", "point-cloud", /in.txt:2: field 2: expected a number, found "\.e5"/],
    ["1 2\n3\n", "point-cloud", /in.txt:2: expected 2 coordinates/],
    ["1 2\n3 1e39\n", "point-cloud", /in.txt:2: field 2: expected a finite number within float32/],
    ["1 nan\n", "point-cloud", /in.txt:1: field 2: expected a finite number, found "nan"/],
    ["1\n2 -3\n", "lower-distance", /in.txt:2: field 2: expected a distance ≥ 0, found -3/],
    ["1\n2\n", "lower-distance", /expected n\(n−1\)\/2 entries for some n, found 2/],
    ["", "point-cloud", /expected at least 1 point, found 0/],
  ];
  for (const [text, format, message] of bad) {
    assert.throws(() => parsePhInput(text, format, "in.txt"), (e: unknown) => {
      assert.ok(e instanceof PhInputError);
      assert.match(e.message, message);
      return true;
    });
  }
});
