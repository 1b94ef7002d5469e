/**
 * The Content-Disposition header of a file the server sends (RFC 6266): `filename` an ASCII fallback
 * (anything else becomes `_`, which also keeps quotes and separators out), `filename*` the name itself,
 * UTF-8 and percent-encoded (RFC 8187), which browsers prefer — so `Café crème.jpg` downloads as itself.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\w.-]+/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
