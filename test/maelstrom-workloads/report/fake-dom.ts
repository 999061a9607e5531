import { runInNewContext } from "node:vm";

type Handler = (e: { target: unknown; key?: string }) => void;

/** Just enough of a DOM element for the diagram viewer (see ViewerDoc in diagram-viewer.ts). */
export class FakeEl {
  children: FakeEl[] = [];
  attrs = new Map<string, string>();
  handlers = new Map<string, Handler[]>();
  #text = "";
  #html = "";
  value = "";
  checked = false;
  type = "";
  className = "";
  min = "";
  max = "";
  disabled = false;
  scrollTop = 0;
  scrollLeft = 0;
  clientHeight = 600;
  clientWidth = 800;
  constructor(readonly tag: string) {}
  get textContent(): string {
    return this.#text + this.children.map((c) => c.textContent).join("");
  }
  set textContent(t: string | null) {
    this.#text = t ?? "";
    this.children = [];
  }
  get innerHTML(): string {
    return this.#html;
  }
  set innerHTML(h: string) {
    this.#html = h;
    this.#text = "";
    this.children = [];
  }
  setAttribute(k: string, v: string): void {
    this.attrs.set(k, String(v));
  }
  getAttribute(k: string): string | null {
    return this.attrs.get(k) ?? null;
  }
  removeAttribute(k: string): void {
    this.attrs.delete(k);
  }
  addEventListener(type: string, f: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), f]);
  }
  fire(type: string, extra: { key?: string } = {}): void {
    for (const f of this.handlers.get(type) ?? []) f({ target: this, ...extra });
  }
  appendChild(c: FakeEl): FakeEl {
    this.children.push(c);
    return c;
  }
  querySelector(): FakeEl | null {
    return null;
  }
  getBoundingClientRect(): { top: number; left: number; width: number; height: number } {
    return { top: 0, left: 0, width: 0, height: 0 };
  }
  /** Every descendant, depth first. */
  all(): FakeEl[] {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
}

/**
 * Runs report.html's diagram section (its inline script, as the page has it)
 * in a fresh V8 context against FakeEl elements for the ids the HTML
 * declares, with `hash` as location.hash. Returns the elements by id.
 */
export function runDiagramPage(html: string, hash: string): Map<string, FakeEl> {
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  const els = new Map<string, FakeEl>();
  const data = /<script type="application\/json" id="diagram-data">([^<]*)<\/script>/.exec(html);
  if (!data) throw new Error("no diagram-data script");
  const code = /<script>\n([\s\S]*?)\n<\/script>/.exec(html);
  if (!code) throw new Error("no inline script");
  const document = {
    getElementById(id: string): FakeEl | null {
      if (!ids.has(id)) return null;
      let e = els.get(id);
      if (!e) {
        e = new FakeEl(id);
        if (id === "diagram-data") e.textContent = data[1]!;
        els.set(id, e);
      }
      return e;
    },
    createElement: (tag: string) => new FakeEl(tag),
    createTextNode: (t: string) => Object.assign(new FakeEl("#text"), { textContent: t }),
    defaultView: null,
  };
  runInNewContext(code[1]!, { document, location: { hash } });
  return els;
}
