/**
 * Whether markup is well formed enough for our tests: tags nest and close,
 * and no `<` or `&` stands loose in text (so escaped content cannot open a
 * tag). The generated files are written without comments, CDATA or
 * processing instructions other than the XML declaration.
 */
export function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|#39|#\d+);)/g;
  for (const m of body.matchAll(token)) {
    if (m[2] === undefined) return false; // a loose < or &
    if (m[4] === "/") continue;
    if (m[1] === "/") {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}
