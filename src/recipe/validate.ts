/**
 * validate(): the dialect's zod schema (shape, types, allowed values) plus its rules (relations between
 * options, designer-level advice). Zod messages are rewritten into plain sentences that name the allowed
 * values; where a rule already explains a spot, the rule's sentence wins.
 */
import type { core } from 'zod';
import { safeParse } from 'zod/mini';
import { en } from 'zod/locales';
import type { DialectModule } from './dialect.ts';
import type { Issue, Json, JsonObject } from './types.ts';
import { getAt, joinPath } from './json.ts';
import { docFor, docUrlFor, listValues, nameOf, showValue } from './docs-lookup.ts';
import { sharedRules } from './shared-rules.ts';

type ZodIssue = core.$ZodIssue;

// The English messages per parse (the few issues fromZod words by zod's own message), not set globally:
// the schemas use zod/mini, which leaves the locale to its user, and this module has no global effects.
const ENGLISH = en().localeError;

export function validateWith(module: DialectModule, request: unknown): Issue[] {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return [
      {
        severity: 'error',
        code: 'not-an-object',
        path: '',
        message: `A ${module.label} request is a JSON object ({ ... }), not ${showValue(request as Json)}.`,
        docUrl: module.docUrl,
      },
    ];
  }
  const body = request as JsonObject;
  const ruleIssues: Issue[] = [];
  for (const rule of [...module.rules, ...sharedRules]) {
    let findings;
    try {
      findings = rule.check(body, module);
    } catch {
      continue; // a rule must never take validation down; the schema still reports the shape
    }
    for (const finding of findings) {
      ruleIssues.push({
        severity: rule.severity,
        code: rule.code,
        path: finding.path,
        message: finding.message,
        docUrl: finding.docUrl ?? docUrlFor(module.docs, finding.path, module.docUrl),
        ...(finding.suggestion !== undefined && { suggestion: finding.suggestion }),
      });
    }
  }
  const parsed = safeParse(module.schema, body, { error: ENGLISH });
  const schemaIssues = parsed.success
    ? []
    : flattenUnions(parsed.error.issues, []).map((i) => fromZod(module, body, i));
  const explained = ruleIssues.filter((issue) => issue.severity === 'error').map((issue) => issue.path);
  const related = (a: string, b: string) =>
    a === b || a.startsWith(b + '.') || b.startsWith(a + '.') || b === '';
  const kept = schemaIssues.filter((issue) => !explained.some((path) => related(issue.path, path)));
  const all = dedupe([...kept, ...ruleIssues]);
  return [...all.filter((i) => i.severity === 'error'), ...all.filter((i) => i.severity === 'warning')];
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity}|${issue.path}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A union that fails reports one issue per alternative. When exactly one alternative got past the type
 * check (e.g. the object form of `remove`), its own issues are the useful ones; otherwise keep the union.
 */
function flattenUnions(issues: readonly ZodIssue[], prefix: PropertyKey[]): ZodIssue[] {
  const result: ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
      const closer = issue.errors.filter(
        (alternative) =>
          !alternative.every((inner) => inner.path.length === 0 && inner.code === 'invalid_type'),
      );
      const withPath = closer.filter((alternative) => alternative.some((inner) => inner.path.length > 0));
      const pick = withPath.length === 1 ? withPath[0] : closer.length === 1 ? closer[0] : undefined;
      if (pick) {
        result.push(...flattenUnions(pick, path));
        continue;
      }
    }
    result.push({ ...issue, path } as ZodIssue);
  }
  return result;
}

function fromZod(module: DialectModule, request: JsonObject, issue: ZodIssue): Issue {
  const path = joinPath(...issue.path.map(String));
  const doc = docFor(module.docs, path);
  const name = doc ? `${doc.label} (${nameOf(path)})` : nameOf(path);
  const found = getAt(request, path);
  const allowed = doc?.values?.map((v) => v.value).filter((v) => typeof v !== 'object' || v === null);
  const docUrl = docUrlFor(module.docs, path, module.docUrl);
  const make = (code: string, message: string): Issue => ({ severity: 'error', code, path, message, docUrl });

  switch (issue.code) {
    case 'invalid_value':
      if (found === undefined) {
        return make('missing', `${name} is required here. Use ${listValues(issue.values as Json[])}.`);
      }
      return make(
        'unknown-value',
        `${showValue(found)} is not a value ${module.label} knows for ${name}. Use ${listValues(issue.values as Json[])}.`,
      );
    case 'invalid_type':
      if (found === undefined) return make('missing', `${name} is required here.`);
      return make(
        'wrong-type',
        `${name} must be ${expectedText(issue.expected, allowed)}, not ${showValue(found)}.`,
      );
    case 'too_small':
      return make(
        'out-of-range',
        typeof found === 'string'
          ? `${name} must have at least ${String(issue.minimum)} characters.`
          : `${name} must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}, not ${showValue(found)}.`,
      );
    case 'too_big':
      return make(
        'out-of-range',
        typeof found === 'string'
          ? `${name} may have at most ${String(issue.maximum)} characters.`
          : `${name} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}, not ${showValue(found)}.`,
      );
    case 'invalid_format':
      return make(
        'invalid-format',
        `${showValue(found)} is not in the form ${name} expects. ${doc?.description ?? ''}`.trim(),
      );
    case 'invalid_union':
      return make(
        'wrong-type',
        allowed && allowed.length > 0
          ? `${showValue(found)} is not valid for ${name}. Use ${listValues(allowed)}${doc?.values?.some((v) => typeof v.value === 'object') ? ', or the object form described in the docs' : ''}.`
          : `${showValue(found)} is not valid for ${name}. ${doc?.description ?? ''}`.trim(),
      );
    default:
      return make('invalid', `${name}: ${issue.message}.`);
  }
}

function expectedText(expected: string, allowed: Json[] | undefined): string {
  if (allowed && allowed.length > 0) return listValues(allowed);
  const words: Record<string, string> = {
    string: 'text in double quotes',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'an object ({ ... })',
    array: 'a list ([ ... ])',
  };
  return words[expected] ?? expected;
}
