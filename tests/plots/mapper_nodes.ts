/**
 * A small Mapper graph's nodes for chart tests: three nodes on a line, of
 * sizes 10–12, majority classes 0–2 and accuracies 0.5–0.7.
 */
export function threeMapperNodes() {
  return [0, 1, 2].map((i) => ({
    id: `n${i}`,
    size: 10 + i,
    x: i / 2,
    y: 0.5,
    majorityLabel: i,
    accuracy: 0.5 + i / 10,
  }));
}
