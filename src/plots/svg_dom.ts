/**
 * A small DOM, enough for Observable Plot (through d3-selection) to build a
 * chart's SVG in, and serialised as linkedom serialises SVG: the same markup
 * for the same chart. {@linkcode renderSvg} builds PNG pictures with it
 * (`writeChartPng`): linkedom keeps an event-listener map for every node and
 * makes a node of every attribute, and for charts of thousands of marks that
 * was most of the time spent building the SVG.
 *
 * Elements keep their attributes in a Map and their children in an array;
 * there is no parsing, no selectors (`querySelector` finds nothing) and no
 * events. tests/plots/svg_dom_test.ts checks, chart kind by chart kind, that
 * the markup equals linkedom's.
 *
 * @module
 */

import type { SvgDocument } from "./render.ts";

const HTML_NS = "http://www.w3.org/1999/xhtml";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\xa0": "&#160;",
};

/** Text as linkedom escapes it: `&`, `<`, `>` and no-break spaces. */
function escapeText(s: string): string {
  return s.replace(/[<>&\xa0]/g, (c) => ESCAPES[c]);
}

/** A text node. */
class LeanText {
  readonly nodeType = 3;
  parentNode: LeanElement | null = null;
  constructor(public data: string, readonly ownerDocument: LeanDocument) {}
  get textContent(): string {
    return this.data;
  }
  get outerHTML(): string {
    return escapeText(this.data);
  }
  /** Append the markup to `out`. */
  write(out: string): string {
    return out + escapeText(this.data);
  }
}

type LeanNode = LeanElement | LeanText;

/**
 * An element: attribute names and values in insertion order (side by side:
 * the markup lists them backwards, and an element has a handful), children
 * in order.
 */
class LeanElement {
  readonly nodeType = 1;
  parentNode: LeanElement | null = null;
  childNodes: LeanNode[] = [];
  readonly names: string[] = [];
  readonly values: string[] = [];
  constructor(
    readonly ownerDocument: LeanDocument,
    readonly namespaceURI: string,
    readonly localName: string,
  ) {}
  get tagName(): string {
    return this.localName;
  }
  get nodeName(): string {
    return this.localName;
  }
  get firstChild(): LeanNode | null {
    return this.childNodes[0] ?? null;
  }
  get lastChild(): LeanNode | null {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }
  get children(): LeanElement[] {
    return this.childNodes.filter((c): c is LeanElement => c.nodeType === 1);
  }
  get nextSibling(): LeanNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings ? siblings[siblings.indexOf(this) + 1] ?? null : null;
  }
  setAttribute(name: string, value: unknown): void {
    const at = this.names.indexOf(name);
    if (at < 0) {
      this.names.push(name);
      this.values.push(String(value));
    } else {
      this.values[at] = String(value);
    }
  }
  setAttributeNS(_ns: string | null, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }
  getAttribute(name: string): string | null {
    const at = this.names.indexOf(name);
    return at < 0 ? null : this.values[at];
  }
  hasAttribute(name: string): boolean {
    return this.names.includes(name);
  }
  removeAttribute(name: string): void {
    const at = this.names.indexOf(name);
    if (at >= 0) {
      this.names.splice(at, 1);
      this.values.splice(at, 1);
    }
  }
  removeAttributeNS(_ns: string | null, name: string): void {
    this.removeAttribute(name);
  }
  appendChild<T extends LeanNode>(child: T): T {
    return this.insertBefore(child, null);
  }
  insertBefore<T extends LeanNode>(child: T, before: LeanNode | null): T {
    child.parentNode?.removeChild(child);
    const at = before ? this.childNodes.indexOf(before) : -1;
    if (at < 0) this.childNodes.push(child);
    else this.childNodes.splice(at, 0, child);
    child.parentNode = this;
    return child;
  }
  removeChild<T extends LeanNode>(child: T): T {
    const at = this.childNodes.indexOf(child);
    if (at >= 0) this.childNodes.splice(at, 1);
    child.parentNode = null;
    return child;
  }
  remove(): void {
    this.parentNode?.removeChild(this);
  }
  append(...nodes: Array<LeanNode | string>): void {
    for (const n of nodes) {
      this.appendChild(typeof n === "string" ? new LeanText(n, this.ownerDocument) : n);
    }
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(value: string | null) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = value === null || value === "" ? [] : [
      new LeanText(String(value), this.ownerDocument),
    ];
  }
  querySelector(_selector: string): null {
    return null;
  }
  querySelectorAll(_selector: string): LeanElement[] {
    return [];
  }
  /**
   * linkedom's markup in an HTML document: attributes last set first, only
   * their `"` escaped; text escaped; `" />"` closing an empty element.
   */
  get outerHTML(): string {
    return this.write("");
  }
  /** Append the markup to `out` (one string grown by `+`, no arrays to join). */
  write(out: string): string {
    out += `<${this.localName}`;
    for (let i = this.names.length - 1; i >= 0; i--) {
      const value = this.values[i];
      out += ` ${this.names[i]}="${value.includes('"') ? value.replace(/"/g, "&quot;") : value}"`;
    }
    if (this.childNodes.length === 0) return `${out} />`;
    out += ">";
    for (const child of this.childNodes) out = child.write(out);
    return `${out}</${this.localName}>`;
  }
}

/** The document: makes elements and text nodes. */
class LeanDocument {
  readonly documentElement: LeanElement = new LeanElement(this, HTML_NS, "html");
  createElementNS(namespace: string, name: string): LeanElement {
    return new LeanElement(this, namespace, name);
  }
  createElement(name: string): LeanElement {
    return new LeanElement(this, HTML_NS, name);
  }
  createTextNode(data: string): LeanText {
    return new LeanText(data, this);
  }
}

/**
 * A fresh lean document to pass to {@linkcode renderSvg} as `document`: the
 * same SVG markup as linkedom's, built several times faster for charts of
 * thousands of marks. Only SVG charts (a Chart's panels) are supported.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { renderSvg } from "./render.ts";
 * import { svgDocument } from "./svg_dom.ts";
 * const chart = { title: "a < b", panels: [{ marks: [Plot.dot([[0, 1], [1, 0]])] }] };
 * assert.equal(renderSvg(chart, { document: svgDocument() }), renderSvg(chart));
 * ```
 */
export function svgDocument(): SvgDocument {
  return new LeanDocument() as unknown as SvgDocument;
}
