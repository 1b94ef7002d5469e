/**
 * A tiny JSON highlighter for the preview: one pass over the printed text, emitting HTML spans. Keys and
 * scalar values carry their dotted path (`data-jpath`) so a click can focus the matching control. Building
 * one HTML string is much cheaper than reconciling hundreds of React spans on every edit.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);

type Frame = { kind: 'object'; key: string | null } | { kind: 'array'; index: number };

const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\]:,]|\s+|./gy;

export interface HighlightOptions {
  /** Paths to mark (e.g. unknown keys), with the class to add. */
  marks?: Map<string, string>;
}

export function highlightJson(text: string, options: HighlightOptions = {}): string {
  const stack: Frame[] = [];
  const pathParts = (): string[] =>
    stack.flatMap((f) => (f.kind === 'object' ? (f.key === null ? [] : [f.key]) : [String(f.index)]));
  const currentPath = () => pathParts().join('.');
  let out = '';
  let pendingKey: string | null = null;
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(text))) {
    const token = match[0];
    const top = stack.at(-1);
    if (/^\s+$/.test(token)) {
      out += token;
      continue;
    }
    if (token.startsWith('"')) {
      const isKey =
        top?.kind === 'object' &&
        top.key === null &&
        pendingKey === null &&
        /^\s*:/.test(text.slice(TOKEN.lastIndex));
      if (isKey) {
        let key: string;
        try {
          key = JSON.parse(token) as string;
        } catch {
          key = token.slice(1, -1);
        }
        top.key = key;
        pendingKey = key;
        const path = currentPath();
        const mark = options.marks?.get(path);
        out += `<span class="json-key${mark ? ' ' + mark : ''}" data-jpath="${escapeHtml(path)}">${escapeHtml(token)}</span>`;
      } else {
        out += `<span class="json-string" data-jpath="${escapeHtml(currentPath())}">${escapeHtml(token)}</span>`;
      }
      continue;
    }
    switch (token) {
      case '{':
        stack.push({ kind: 'object', key: null });
        pendingKey = null;
        out += '<span class="json-punct">{</span>';
        break;
      case '[':
        stack.push({ kind: 'array', index: 0 });
        pendingKey = null;
        out += '<span class="json-punct">[</span>';
        break;
      case '}':
      case ']':
        stack.pop();
        out += `<span class="json-punct">${token}</span>`;
        break;
      case ':':
        pendingKey = null;
        out += '<span class="json-punct">:</span>';
        break;
      case ',':
        if (top?.kind === 'object') top.key = null;
        else if (top?.kind === 'array') top.index++;
        out += '<span class="json-punct">,</span>';
        break;
      default: {
        const kind = /^-?\d/.test(token)
          ? 'json-number'
          : /^(true|false|null)$/.test(token)
            ? 'json-literal'
            : '';
        out += kind
          ? `<span class="${kind}" data-jpath="${escapeHtml(currentPath())}">${token}</span>`
          : escapeHtml(token);
      }
    }
  }
  return out;
}
