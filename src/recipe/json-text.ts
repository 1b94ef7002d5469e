/**
 * A tiny JSON reader that also records where every key sits in the text, because zod reports paths and
 * the editor needs line/column to point at the offending key. JSON.parse gives neither positions for
 * keys nor a portable syntax-error position (its messages differ between V8 versions and browsers).
 */
import type { Json, JsonObject } from './types.ts';
import { joinPath, putKey } from './json.ts';

export interface TextPosition {
  line: number;
  column: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: TextPosition,
  ) {
    super(message);
  }
}

export interface ReadResult {
  value: Json;
  /** Dotted path → position of its key (or of the value, for array items and the root). */
  positions: Map<string, TextPosition>;
  /** Keys written twice in one object: JSON keeps the last, which is rarely what was meant. */
  duplicates: { path: string; position: TextPosition }[];
}

const MAX_DEPTH = 200;

export function readJson(text: string): ReadResult {
  const positions = new Map<string, TextPosition>();
  const duplicates: ReadResult['duplicates'] = [];
  let at = 0;

  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const positionOf = (offset: number): TextPosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
  const fail = (message: string, offset = at): never => {
    const where = positionOf(offset);
    throw new JsonSyntaxError(`${message} (line ${where.line}, column ${where.column}).`, where);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\r\n\uFEFF'.includes(text[at]!)) at++;
  };
  const describe = () => (at >= text.length ? 'the end of the text' : `"${text[at]}"`);

  const readString = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text[at] === '\\') at++;
      else if (text.charCodeAt(at) < 0x20)
        fail('A line break or control character is not allowed inside a string');
      at++;
    }
    if (at >= text.length) fail('A string is not closed: add the missing "', start);
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      return fail('This string has an invalid escape sequence', start);
    }
  };

  const readValue = (path: string, depth: number): Json => {
    if (depth > MAX_DEPTH) fail('The JSON is nested too deeply');
    skipSpace();
    const ch = text[at];
    if (ch === '{') return readObject(path, depth);
    if (ch === '[') return readArray(path, depth);
    if (ch === '"') return readString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(at, at + 400),
    );
    if (!literal) {
      if (ch === "'") fail('JSON strings need double quotes ("), not single quotes');
      return fail(`Expected a value but found ${describe()}`);
    }
    at += literal[0].length;
    return JSON.parse(literal[0]) as Json;
  };

  const readObject = (path: string, depth: number): JsonObject => {
    const result: JsonObject = {};
    at++;
    skipSpace();
    if (text[at] === '}') {
      at++;
      return result;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"') fail(`Expected a key in double quotes but found ${describe()}`);
      const keyAt = at;
      const key = readString();
      const childPath = joinPath(path, key);
      if (Object.prototype.hasOwnProperty.call(result, key))
        duplicates.push({ path: childPath, position: positionOf(keyAt) });
      else positions.set(childPath, positionOf(keyAt));
      skipSpace();
      if (text[at] !== ':') fail(`Expected ":" after the key "${key}" but found ${describe()}`);
      at++;
      putKey(result, key, readValue(childPath, depth + 1));
      skipSpace();
      if (text[at] === ',') {
        const commaAt = at++;
        skipSpace();
        if (text[at] === '}') fail('Remove this comma before "}": JSON allows no trailing comma', commaAt);
        continue;
      }
      if (text[at] === '}') {
        at++;
        return result;
      }
      fail(`Expected "," or "}" after the value of "${key}" but found ${describe()}`);
    }
  };

  const readArray = (path: string, depth: number): Json[] => {
    const result: Json[] = [];
    at++;
    skipSpace();
    if (text[at] === ']') {
      at++;
      return result;
    }
    for (;;) {
      skipSpace();
      const itemPath = joinPath(path, result.length);
      positions.set(itemPath, positionOf(at));
      result.push(readValue(itemPath, depth + 1));
      skipSpace();
      if (text[at] === ',') {
        const commaAt = at++;
        skipSpace();
        if (text[at] === ']') fail('Remove this comma before "]": JSON allows no trailing comma', commaAt);
        continue;
      }
      if (text[at] === ']') {
        at++;
        return result;
      }
      fail(`Expected "," or "]" in the list but found ${describe()}`);
    }
  };

  skipSpace();
  if (at >= text.length) fail('The text is empty: paste a JSON request');
  positions.set('', positionOf(at));
  const value = readValue('', 0);
  skipSpace();
  if (at < text.length) fail(`Unexpected ${describe()} after the end of the JSON`);
  return { value, positions, duplicates };
}

/** The position recorded for a path, or for its nearest recorded ancestor. */
export function locate(positions: Map<string, TextPosition>, path: string): TextPosition | undefined {
  let current = path;
  for (;;) {
    const found = positions.get(current);
    if (found) return found;
    if (current === '') return undefined;
    const dot = current.lastIndexOf('.');
    current = dot < 0 ? '' : current.slice(0, dot);
  }
}
