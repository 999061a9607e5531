const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem 2rem; color: #222; line-height: 1.4; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
a { color: #0550ae; text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.verdict { font-weight: 600; white-space: nowrap; }
td.verdict small { display: block; font-weight: normal; white-space: pre-wrap; max-width: 40rem; overflow-wrap: anywhere; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: .6rem; overflow: auto; max-height: 40rem; }
.muted { color: #777; }
nav { margin-bottom: 1rem; }
`;

/** A whole HTML page: the title (escaped here) and the body (already HTML), with the shared style. */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
