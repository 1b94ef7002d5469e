/**
 * A small line diff (longest common subsequence) for two printed requests. Requests are a few dozen
 * lines, so the quadratic table is tiny; beyond MAX_LINES it falls back to "all removed, all added".
 */
export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string };

const MAX_LINES = 2000;

export function lineDiff(a: string, b: string): DiffLine[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > MAX_LINES * MAX_LINES) {
    return [
      ...x.map((text) => ({ kind: 'removed' as const, text })),
      ...y.map((text) => ({ kind: 'added' as const, text })),
    ];
  }
  const n = x.length;
  const m = y.length;
  // lcs[i][j] = length of the LCS of x[i..] and y[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ kind: 'same', text: x[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: 'removed', text: x[i++]! });
    } else {
      out.push({ kind: 'added', text: y[j++]! });
    }
  }
  while (i < n) out.push({ kind: 'removed', text: x[i++]! });
  while (j < m) out.push({ kind: 'added', text: y[j++]! });
  return out;
}

export type DiffRow = DiffLine | { kind: 'skipped'; count: number };

/** Keeps `context` unchanged lines around each change and folds longer unchanged runs into one row. */
export function withContext(lines: DiffLine[], context = 2): DiffRow[] {
  const near = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) near[j] = true;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((line, i) => {
    if (near[i]) {
      if (skipped) rows.push({ kind: 'skipped', count: skipped });
      skipped = 0;
      rows.push(line);
    } else skipped++;
  });
  if (skipped) rows.push({ kind: 'skipped', count: skipped });
  return rows;
}
