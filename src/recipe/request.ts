/** The request-level API: detect, parse, validate, print (plan conversion: convert.ts). */
import type { Dialect, Issue, JsonObject } from './types.ts';
import { dialectModules, dialectModule } from './dialects.ts';
import { isObject } from './json.ts';
import { JsonSyntaxError, locate, readJson, type ReadResult } from './json-text.ts';
import { formatJson, orderKeys } from './print.ts';
import { validateWith } from './validate.ts';

export interface ParseResult {
  /** True when there is no error issue (warnings allowed): the request can be sent. */
  ok: boolean;
  dialect: Dialect | null;
  request: JsonObject | null;
  issues: Issue[];
  legacy?: { path: string; modern: JsonObject; message: string };
}

export function defaultRequest(dialect: Dialect): JsonObject {
  return dialectModule(dialect).defaultRequest();
}

/** The dialect whose distinctive top-level keys the value has; null when unclear. */
export function detectDialect(value: unknown): Dialect | null {
  if (!isObject(value)) return null;
  const scores = dialectModules().map((module) => ({
    dialect: module.dialect,
    score: module.score(value),
  }));
  scores.sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (!best || best.score === 0 || (second && second.score === best.score)) return null;
  return best.dialect;
}

export function validate(dialect: Dialect, request: JsonObject): Issue[] {
  return validateWith(dialectModule(dialect), request);
}

export function print(request: JsonObject, dialect: Dialect): string {
  return formatJson(orderKeys(request, dialectModule(dialect).keyOrder));
}

/** Reads text; a pasted docs fragment like `"operations": {...}` is accepted and wrapped in braces. */
function readRequestText(text: string): { read: ReadResult; wrapped: boolean } {
  try {
    return { read: readJson(text), wrapped: false };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError) || !text.trimStart().startsWith('"')) throw error;
    try {
      const read = readJson(`{\n${text}\n}`);
      // The added "{\n" shifts every line by one; report positions in the text as pasted.
      for (const [path, position] of read.positions)
        read.positions.set(path, { ...position, line: position.line - 1 });
      for (const duplicate of read.duplicates)
        duplicate.position = { ...duplicate.position, line: duplicate.position.line - 1 };
      return { read, wrapped: true };
    } catch {
      throw error; // the original position is the helpful one
    }
  }
}

/**
 * Pasted request text laid out as the preview lays out JSON (2-space indent, key order kept), so a
 * one-line paste opens readable; a docs fragment comes back wrapped in its braces. Text with a syntax
 * error or a key written twice is returned as pasted, so the editor's line numbers point at the spot.
 */
export function formatPasted(text: string): string {
  try {
    const { read } = readRequestText(text);
    return read.duplicates.length > 0 ? text : formatJson(read.value);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return text;
    throw error;
  }
}

export function parse(text: string, dialect?: Dialect): ParseResult {
  let read: ReadResult;
  let wrapped: boolean;
  try {
    ({ read, wrapped } = readRequestText(text));
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const issue: Issue = {
      severity: 'error',
      code: 'json-syntax',
      path: '',
      message: `This is not valid JSON: ${error.message}`,
      ...error.position,
    };
    return { ok: false, dialect: dialect ?? null, request: null, issues: [issue] };
  }
  const value = read.value;
  if (!isObject(value)) {
    return {
      ok: false,
      dialect: dialect ?? null,
      request: null,
      issues: [
        {
          severity: 'error',
          code: 'not-an-object',
          path: '',
          message: 'A request is a JSON object: it starts with { and ends with }.',
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const chosen = dialect ?? detectDialect(value);
  if (!chosen) {
    return {
      ok: false,
      dialect: null,
      request: value,
      issues: [
        {
          severity: 'error',
          code: 'unknown-dialect',
          path: '',
          message: `Cannot tell which provider this request is for: ${dialectModules()
            .map((module) => `a ${module.label} request ${module.recognisedBy}`)
            .join(', ')}. Choose the dialect explicitly.`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const issues = validate(chosen, value).map((issue) => ({
    ...issue,
    ...locate(read.positions, issue.path),
  }));
  for (const { path, position } of read.duplicates) {
    issues.push({
      severity: 'warning',
      code: 'duplicate-key',
      path,
      message: `"${path.split('.').pop()}" is written twice here; only the last one counts. Remove one of them.`,
      ...position,
    });
  }
  if (wrapped) {
    issues.push({
      severity: 'warning',
      code: 'wrapped-fragment',
      path: '',
      message:
        'This was a fragment from the docs (a key without the surrounding { }); it was read as if wrapped in braces.',
      line: 1,
      column: 1,
    });
  }
  const legacy = dialectModule(chosen).legacy?.(value);
  return {
    ok: !issues.some((issue) => issue.severity === 'error'),
    dialect: chosen,
    request: value,
    issues,
    ...(legacy && { legacy }),
  };
}
