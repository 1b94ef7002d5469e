/**
 * Finishing: Backdrop's own steps after whichever executor ran (local engine, Claid, Deep-Image) — a
 * shadow under the subject and its placement on a new background. Never part of a provider request: it
 * travels beside the request (POST /api/jobs `finish`, `backdrop run --finish`, share links, presets).
 *
 * `Finish` is the plain JSON value a user writes; `parseFinish` validates it (issue paths start with
 * `finish.`) and `resolveFinish` fills in the defaults of the chosen shadow kind.
 *
 * Light direction follows the anchors' `azimuth` (Cloudinary `e_dropshadow`, imgix `drop-shadow-azimuth`):
 * the compass direction the light comes FROM, in degrees clockwise, 0 = from behind the subject (the top
 * of the picture), 90 = from the right, 180 = from the camera, 270 = from the left; both default to 215.
 * `elevation` is the light's height above the floor, 5–90° (imgix's range; 90 = straight overhead).
 */
import { z } from 'zod';
import type { Issue } from './types.ts';
import { joinPath } from './json.ts';
import { listValues, showValue } from './docs-lookup.ts';
import type { Json } from './types.ts';

export const SHADOW_TYPES = ['none', 'contact', 'cast', 'drop', 'keep'] as const;
export type ShadowType = (typeof SHADOW_TYPES)[number];
export const PLACEMENT_ANCHORS = ['floor', 'center'] as const;
export type PlacementAnchor = (typeof PLACEMENT_ANCHORS)[number];

const HEX = /^#[0-9a-fA-F]{6}$/;

export const finishShadowSchema = z.strictObject({
  type: z.enum(SHADOW_TYPES),
  opacity: z.number().min(0).max(1).optional(),
  softness: z.number().min(0).max(1).optional(),
  angle: z.number().min(0).max(360).optional(),
  elevation: z.number().min(5).max(90).optional(),
  color: z.string().regex(HEX).optional(),
});

export const finishPlacementSchema = z.strictObject({
  anchor: z.enum(PLACEMENT_ANCHORS).optional(),
  x: z.number().min(0).max(1).optional(),
  scale: z.number().min(0.05).max(1).optional(),
  margin: z.number().min(0).max(0.4).optional(),
});

/** The finishing settings as JSON: `{ shadow?: {...}, placement?: {...} }`. Presets embed this schema. */
export const finishSchema = z.strictObject({
  shadow: finishShadowSchema.optional(),
  placement: finishPlacementSchema.optional(),
});

export type FinishShadow = z.infer<typeof finishShadowSchema>;
export type FinishPlacement = z.infer<typeof finishPlacementSchema>;
export type Finish = z.infer<typeof finishSchema>;

/** Every shadow field filled in. Opacity, softness 0..1; angle, elevation in degrees; colour `#RRGGBB`. */
export interface ResolvedShadow {
  type: Exclude<ShadowType, 'none'>;
  opacity: number;
  softness: number;
  angle: number;
  elevation: number;
  color: string;
}

/**
 * Where the subject goes on the canvas the framing made. `scale` is the fill ratio (the subject's
 * bounding box over the canvas on its tighter axis, as marketplaces measure "fills 85% of the frame");
 * `margin` the least clear space at every edge, as a share of the canvas's shorter side; `x` places the
 * subject across the room left inside the margins (0 = at the left margin, 0.5 = centred, 1 = right).
 */
export interface ResolvedPlacement {
  anchor: PlacementAnchor;
  x: number;
  scale: number;
  margin: number;
}

/** `shadow: null` = no shadow drawn; `placement: null` = the framing places the subject. */
export interface ResolvedFinish {
  shadow: ResolvedShadow | null;
  placement: ResolvedPlacement | null;
}

/** Sensible defaults per kind (a contact shadow is dense and short, a cast one lighter and long). */
export const SHADOW_DEFAULTS: Record<ResolvedShadow['type'], Omit<ResolvedShadow, 'type'>> = {
  contact: { opacity: 0.7, softness: 0.35, angle: 215, elevation: 60, color: '#000000' },
  cast: { opacity: 0.45, softness: 0.5, angle: 215, elevation: 35, color: '#000000' },
  drop: { opacity: 0.35, softness: 0.45, angle: 315, elevation: 60, color: '#000000' },
  keep: { opacity: 1, softness: 0.2, angle: 215, elevation: 45, color: '#000000' },
};

export const PLACEMENT_DEFAULTS: ResolvedPlacement = { anchor: 'floor', x: 0.5, scale: 0.8, margin: 0.06 };

/** Which settings each kind reads (the editor shows only these; the rest are kept but unused). */
export const SHADOW_FIELDS: Record<ShadowType, readonly (keyof Omit<ResolvedShadow, 'type'>)[]> = {
  none: [],
  contact: ['opacity', 'softness', 'color'],
  cast: ['opacity', 'softness', 'angle', 'elevation', 'color'],
  drop: ['opacity', 'softness', 'angle', 'elevation', 'color'],
  keep: ['opacity', 'softness'],
};

export function resolveFinish(finish: Finish | null | undefined): ResolvedFinish {
  const shadow = finish?.shadow;
  const resolvedShadow: ResolvedShadow | null =
    shadow && shadow.type !== 'none'
      ? {
          ...SHADOW_DEFAULTS[shadow.type],
          ...definedOnly(shadow),
          type: shadow.type,
          color: (shadow.color ?? SHADOW_DEFAULTS[shadow.type].color).toUpperCase(),
        }
      : null;
  const placement = finish?.placement;
  return {
    shadow: resolvedShadow,
    placement: placement ? { ...PLACEMENT_DEFAULTS, ...definedOnly(placement) } : null,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** True when a finish asks for nothing (no shadow or `none`, no placement). */
export function isEmptyFinish(finish: Finish | null | undefined): boolean {
  const resolved = resolveFinish(finish);
  return resolved.shadow === null && resolved.placement === null;
}

export interface FinishFieldDoc {
  /** Dotted path inside the finish value, e.g. `shadow.opacity`. */
  path: string;
  label: string;
  description: string;
  min?: number;
  max?: number;
  unit?: string;
  values?: { value: string; label: string; description: string }[];
}

export const FINISH_DOCS: readonly FinishFieldDoc[] = [
  {
    path: 'shadow.type',
    label: 'Shadow',
    description:
      'Drawn from the subject’s own silhouette, under it, on the new background. Contact: a dense, short shadow where the object meets the floor. Cast: the silhouette thrown onto the floor by the light, softer with distance. Drop: an offset, blurred copy for flat lays. Keep: the photo’s own soft shadow, which the mask leaves out, laid onto the new background.',
    values: [
      { value: 'none', label: 'None', description: 'No shadow.' },
      {
        value: 'contact',
        label: 'Contact',
        description: 'Dense and short, where the object meets the floor.',
      },
      { value: 'cast', label: 'Cast', description: 'The silhouette projected onto the floor by the light.' },
      { value: 'drop', label: 'Drop', description: 'Offset and blurred, for flat lays.' },
      {
        value: 'keep',
        label: 'Original',
        description: 'Keeps the shadow the photo already had (its own, from the real light).',
      },
    ],
  },
  {
    path: 'shadow.opacity',
    label: 'Opacity',
    description: 'How dark the shadow is at its densest: 0 invisible, 1 the full shadow colour.',
    min: 0,
    max: 1,
  },
  {
    path: 'shadow.softness',
    label: 'Softness',
    description:
      'How much the shadow blurs: 0 a hard edge (a small, direct light), 1 very soft (a large, diffuse light). A cast shadow also softens with distance from the contact line.',
    min: 0,
    max: 1,
  },
  {
    path: 'shadow.angle',
    label: 'Light direction',
    description:
      'Where the light comes from, clockwise: 0° behind the subject, 90° from the right, 180° from the camera, 270° from the left (Cloudinary’s and imgix’s azimuth; both default to 215°). The shadow falls the other way.',
    min: 0,
    max: 360,
    unit: '°',
  },
  {
    path: 'shadow.elevation',
    label: 'Light height',
    description:
      'The light’s height above the floor: low (5°) throws long shadows like an evening sun, 90° is straight overhead and keeps the shadow at the object’s foot.',
    min: 5,
    max: 90,
    unit: '°',
  },
  {
    path: 'shadow.color',
    label: 'Shadow colour',
    description: 'The colour the background darkens towards, #RRGGBB. Black keeps the background’s own hue.',
  },
  {
    path: 'placement.anchor',
    label: 'Stand on',
    description:
      'Floor: the subject’s base sits on the floor line (the bottom margin), so it stands on the backdrop instead of floating in its middle. Centre: centred top to bottom.',
    values: [
      { value: 'floor', label: 'Floor', description: 'The base sits on the floor line.' },
      { value: 'center', label: 'Centre', description: 'Centred top to bottom.' },
    ],
  },
  {
    path: 'placement.scale',
    label: 'Fill',
    description:
      'How much of the picture the subject fills on its tighter side (0.85 = 85%, as marketplaces such as Amazon measure it). Margins win where both cannot hold.',
    min: 0.05,
    max: 1,
  },
  {
    path: 'placement.margin',
    label: 'Margin',
    description:
      'Space kept clear at every edge, as a share of the shorter side; the floor line sits this far up.',
    min: 0,
    max: 0.4,
  },
  {
    path: 'placement.x',
    label: 'Across',
    description: 'Where the subject sits left to right inside the margins: 0 left, 0.5 centred, 1 right.',
    min: 0,
    max: 1,
  },
];

export function finishDoc(path: string): FinishFieldDoc | undefined {
  return FINISH_DOCS.find((doc) => doc.path === path);
}

export type FinishParse = { ok: true; finish: Finish } | { ok: false; issues: Issue[] };

/**
 * Validates a finish value. Issue paths are `finish.…` (or `prefix.…`), messages name the allowed values
 * or range; unknown keys are errors (finishing is Backdrop's own format, so a typo is never a provider
 * option to pass through).
 */
export function parseFinish(value: unknown, prefix = 'finish'): FinishParse {
  const parsed = finishSchema.safeParse(value);
  if (parsed.success) return { ok: true, finish: parsed.data };
  const issues = parsed.error.issues.flatMap((issue) => toIssues(issue, value, prefix));
  return { ok: false, issues };
}

/** Parses finish JSON text (a form field, a file); a syntax error is an issue at `prefix`. */
export function parseFinishText(text: string, prefix = 'finish'): FinishParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          severity: 'error',
          code: 'invalid-json',
          path: prefix,
          message: `The finishing settings are not valid JSON (${(error as Error).message}). Write an object such as {"shadow": {"type": "contact"}}.`,
        },
      ],
    };
  }
  return parseFinish(value, prefix);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function toIssues(issue: z.core.$ZodIssue, root: unknown, prefix: string): Issue[] {
  const keys = issue.path.map(String);
  const path = joinPath(prefix, ...keys);
  const doc = finishDoc(keys.join('.'));
  const name = doc ? `${doc.label} (${keys.join('.')})` : keys.length ? `"${keys.join('.')}"` : 'finish';
  const found = valueAt(root, issue.path) as Json | undefined;
  const make = (code: string, message: string, at = path): Issue => ({
    severity: 'error',
    code,
    path: at,
    message,
  });
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        make(
          'unknown-key',
          `"${key}" is not a finishing setting here; use ${listValues(knownKeys(keys))}.`,
          joinPath(path, key),
        ),
      );
    case 'invalid_value':
      return [
        make(
          found === undefined ? 'missing' : 'unknown-value',
          found === undefined
            ? `${name} is required; use ${listValues(issue.values as Json[])}.`
            : `${showValue(found)} is not a choice for ${name}; use ${listValues(issue.values as Json[])}.`,
        ),
      ];
    case 'too_small':
    case 'too_big':
      return [
        make(
          'out-of-range',
          `${name} must be between ${doc?.min ?? '?'} and ${doc?.max ?? '?'}${doc?.unit ?? ''}, not ${showValue(found)}.`,
        ),
      ];
    case 'invalid_format':
      return [make('bad-hex', `${name} must be a colour written #RRGGBB, not ${showValue(found)}.`)];
    case 'invalid_type':
      return [
        make(
          found === undefined ? 'missing' : 'wrong-type',
          found === undefined
            ? `${name} is required.`
            : `${name} must be ${issue.expected === 'object' ? 'an object ({ ... })' : issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text in double quotes' : issue.expected}, not ${showValue(found)}.`,
        ),
      ];
    default:
      return [make('invalid', `${name}: ${issue.message}.`)];
  }
}

function knownKeys(at: readonly string[]): string[] {
  if (at.length === 0) return ['shadow', 'placement'];
  const group = at[0];
  return FINISH_DOCS.filter((doc) => doc.path.startsWith(`${group}.`)).map((doc) =>
    doc.path.slice(group!.length + 1),
  );
}

/** One line per setting in force, for the inspector and the CLI ("Cast shadow · opacity 0.45 · …"). */
export function describeFinish(finish: Finish | null | undefined): string[] {
  const { shadow, placement } = resolveFinish(finish);
  const lines: string[] = [];
  if (finish?.shadow?.type === 'none') lines.push('No shadow');
  if (shadow) {
    const kind = FINISH_DOCS[0]!.values!.find((v) => v.value === shadow.type)!.label;
    const parts = [`${shadow.type === 'keep' ? 'The photo’s own' : kind} shadow`];
    const fields = SHADOW_FIELDS[shadow.type];
    if (fields.includes('opacity')) parts.push(`opacity ${round(shadow.opacity)}`);
    if (fields.includes('softness')) parts.push(`softness ${round(shadow.softness)}`);
    if (fields.includes('angle'))
      parts.push(`light from ${round(shadow.angle)}° at ${round(shadow.elevation)}°`);
    if (fields.includes('color') && shadow.color !== '#000000') parts.push(shadow.color);
    lines.push(parts.join(' · '));
  }
  if (placement) {
    lines.push(
      `Placed ${placement.anchor === 'floor' ? 'on the floor line' : 'centred'} · fill ${Math.round(placement.scale * 100)}% · margin ${Math.round(placement.margin * 100)}%` +
        (placement.x === 0.5 ? '' : ` · across ${round(placement.x)}`),
    );
  }
  return lines;
}

const round = (value: number) => Math.round(value * 100) / 100;
