/**
 * Counting marks in a rendered chart: the number of `<tag>` elements inside
 * every Plot mark group `<g aria-label="label">` (nested groups included).
 */
export function countInGroup(svg: string, label: string, tag: string): number {
  let count = 0;
  for (const start of svg.matchAll(new RegExp(`<g[^>]*aria-label="${label}"[^>]*>`, "g"))) {
    let depth = 1;
    const tokens = /<g[\s>]|<\/g>|<([a-z]+)[\s/>]/g;
    tokens.lastIndex = start.index + start[0].length;
    for (let m = tokens.exec(svg); m && depth > 0; m = tokens.exec(svg)) {
      if (m[0].startsWith("</g")) depth--;
      else if (m[0].startsWith("<g")) depth++;
      else if (m[1] === tag) count++;
    }
  }
  return count;
}
