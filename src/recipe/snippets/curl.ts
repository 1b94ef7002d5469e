/** curl snippets: POSIX shell, every value single-quoted so nothing in a request is expanded. */
import type { Context } from './context.ts';
import { authValue, extensionNotes, providerApi, providerName, sendsBox } from './context.ts';

/** Single-quoted for POSIX shells: nothing inside is expanded. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlBackdrop(c: Context): string {
  return [
    `# Run on Backdrop (${c.executor}): upload, wait for the job, download the result.`,
    ...extensionNotes(c, 'backdrop', '#'),
    `# A server started with BACKDROP_ACCESS_TOKEN needs it: export it here too.`,
    `ORIGIN=${shellQuote(c.origin)}`,
    `AUTH=()`,
    `if [ -n "\${BACKDROP_ACCESS_TOKEN:-}" ]; then AUTH=(-H "Authorization: Bearer $BACKDROP_ACCESS_TOKEN"); fi`,
    `JOB=$(curl -sS "\${AUTH[@]}" -X POST "$ORIGIN/api/jobs" \\`,
    `  -F ${shellQuote(`image=@"${c.image.replace(/["\\]/g, '\\$&')}"`)} \\`,
    `  --form-string ${shellQuote(`dialect=${c.dialect}`)} \\`,
    `  --form-string ${shellQuote(`executor=${c.executor}`)} \\`,
    ...(sendsBox(c) ? [`  --form-string ${shellQuote(`subjectBox=${c.subjectBox}`)} \\`] : []),
    ...(c.maskFile ? [`  -F ${shellQuote(`mask=@"${c.maskFile.replace(/["\\]/g, '\\$&')}"`)} \\`] : []),
    `  --form-string ${shellQuote(`request=${c.compact}`)} \\`,
    `  | sed -E 's/.*"id":"([^"]+)".*/\\1/')`,
    `while :; do`,
    `  STATUS=$(curl -sS "\${AUTH[@]}" "$ORIGIN/api/jobs/$JOB" | sed -E 's/.*"status":"([^"]+)".*/\\1/')`,
    `  case "$STATUS" in queued|running) sleep 1 ;; *) break ;; esac`,
    `done`,
    `if [ "$STATUS" = done ]; then curl -sS "\${AUTH[@]}" -o ${shellQuote(c.resultFile)} "$ORIGIN/api/jobs/$JOB/result"; else echo "Job $JOB ended: $STATUS" >&2; fi`,
    '',
  ].join('\n');
}

export function curlProvider(c: Context): string {
  const p = providerApi(c.dialect);
  return [
    `# Call ${providerName(c.dialect)} directly; export ${p.keyVar} first (never paste the key here).`,
    ...extensionNotes(c, 'provider', '#'),
    `curl -sS -X POST ${shellQuote(p.url)} \\`,
    `  -H "${p.header}: ${authValue(p, `$${p.keyVar}`, (words, key) => words + key)}" \\`,
    `  -F ${shellQuote(`${p.fileField}=@"${c.image.replace(/["\\]/g, '\\$&')}"`)} \\`,
    `  --form-string ${shellQuote(`${p.bodyField}=${c.compact}`)}`,
    '',
  ].join('\n');
}
