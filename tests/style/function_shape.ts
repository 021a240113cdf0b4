/**
 * Measures the functions of TypeScript files with the TypeScript compiler's
 * own parser: every function declaration, method, arrow function and
 * function expression, its length in lines (first to last line of the whole
 * function, signature and braces included) and its positional parameters.
 * `deno run -A tests/style/function_shape.ts src/experiment site` prints the
 * longest ones; tests/style/function_shape_test.ts holds them to the
 * project's limits.
 *
 * @module
 */

import ts from "typescript";

/** One function as measured. */
export interface FunctionShape {
  /** `file:line`. */
  where: string;
  /** Its name, or `(anonymous)` / the variable or property it is assigned to. */
  name: string;
  /** Lines from its first to its last, both included. */
  lines: number;
  /** Positional parameters (a destructured options object counts once). */
  parameters: number;
}

function nameOf(node: ts.Node): string {
  if (
    (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node)) && node.name
  ) {
    return node.name.getText();
  }
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) {
    return parent.name.getText();
  }
  return "(anonymous)";
}

/** Every function of one source text. */
export function measureSource(file: string, text: string): FunctionShape[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionShape[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({
        where: `${file}:${first + 1}`,
        name: nameOf(node),
        lines: last - first + 1,
        parameters: node.parameters.length,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every function of every `.ts` file under `dirs`. */
export async function measureDirs(dirs: string[]): Promise<FunctionShape[]> {
  const out: FunctionShape[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        out.push(...measureSource(path, await Deno.readTextFile(path)));
      }
    }
  };
  for (const dir of dirs) await walk(dir);
  return out;
}

if (import.meta.main) {
  const shapes = await measureDirs(Deno.args.length > 0 ? Deno.args : ["src/experiment", "site"]);
  const longest = [...shapes].sort((a, b) => b.lines - a.lines).slice(0, 15);
  console.log("longest functions:");
  for (const f of longest) console.log(`  ${f.lines} lines  ${f.name}  ${f.where}`);
  const wide = shapes.filter((f) => f.parameters > 4);
  console.log(`more than 4 positional parameters: ${wide.length}`);
  for (const f of wide) console.log(`  ${f.parameters} params  ${f.name}  ${f.where}`);
}
