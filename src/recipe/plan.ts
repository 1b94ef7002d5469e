/**
 * The plan: the provider-neutral, normalised meaning of a request.
 *
 * Every dialect parses into a plan (`toPlan`), the local engine executes plans, and translation between
 * dialects goes request → plan → request. A plan is already *resolved*: defaults are filled in as the
 * provider documents them, and provider quirks (e.g. "transparent with a JPEG output gives white") are
 * applied here, with a note, so that the engine never has to know which dialect it came from.
 */
import type { PlanFeature } from './dialect.ts';

/** A length either in output pixels or in percent (of the reference the field names). */
export type Length = { px: number } | { percent: number };

/** Which segmentation the subject needs. Locally every hint maps to the salient-object model. */
export type SubjectHint =
  | 'general' // Claid category general
  | 'products' // Claid category products
  | 'cars' // Claid category cars
  | 'auto' // Deep-Image remove auto
  | 'v2' // Deep-Image remove v2
  | 'human' // Deep-Image remove human
  | 'item' // Deep-Image remove item
  | 'generative'; // Deep-Image remove generative (with a prompt)

export interface SubjectPlan {
  hint: SubjectHint;
  /** Claid `selective.object_to_keep`: a text naming what to keep. Approximated locally. */
  objectToKeep?: string;
  /** Deep-Image `remove: "generative"` prompt. Approximated locally. */
  prompt?: string;
}

export type BlurType = 'regular' | 'lens';
export type BlurLevel = 'low' | 'medium' | 'high';
export type Rgb = readonly [number, number, number];

export type BackgroundPlan =
  /** The original background, untouched. */
  | { kind: 'original' }
  /** The original background blurred; the subject stays sharp. */
  | { kind: 'blur'; type: BlurType; level: BlurLevel }
  /** Background removed, alpha kept (only reached with an output format that has alpha). */
  | { kind: 'transparent' }
  /** Background removed and filled with a solid colour, `#RRGGBB` upper-case. */
  | { kind: 'color'; hex: string }
  /** Deep-Image `color: "auto"`: detect the frame/backdrop colour around the object, else white. */
  | { kind: 'auto-color' }
  /** Background replaced by an image (Deep-Image `replace`), cover-fitted behind the subject. */
  | { kind: 'image'; url: string }
  /** Deep-Image `generate`: locally rendered as a studio backdrop. */
  | {
      kind: 'generated';
      description?: string;
      /** 0..1, share of the canvas the object occupies; the dialect's default is resolved in its to-plan. */
      itemAreaPercentage: number;
      /** Deterministic seed (`sample_num`); absent means a fresh random look each run. */
      seed?: number;
      /** Tint of the backdrop (`color`). */
      tint?: Rgb;
      /** An image blended into the generated backdrop (`background_url`). */
      backgroundUrl?: string;
      /** Advanced provider-only fields (model_type, adapter_type, negative_prompt, ...), kept verbatim. */
      extras: Record<string, unknown>;
    };

/**
 * How the result is framed. Order of work: (1) optionally crop to the subject's bounds, (2) size the
 * content into `width`×`height` using `fit`, (3) apply padding inside the output canvas.
 */
export interface FramePlan {
  /** Crop to the subject's bounding box first (Claid `clipping`, Deep-Image `fit: {crop: "item"}`). */
  cropToSubject: boolean;
  /** Target width/height. `percent` is relative to the input's size. Absent = derived (see below). */
  width?: Length;
  height?: Length;
  /** Deep-Image `min_length`: the shorter side is scaled to at least this many pixels. */
  minLength?: number;
  /**
   * How the content goes into width×height:
   * - `crop`   fill the box exactly, cutting what overflows (anchored by `cropGravity`);
   * - `cover`  scale to cover the box, keeping aspect ratio, nothing cut (result may exceed the box);
   * - `bounds` scale to fit inside the box, keeping aspect ratio (result may be smaller than the box);
   * - `canvas` fit inside the box, then extend to exactly the box with the background;
   * - `outpaint` like canvas, but the provider paints the extension (locally: like canvas).
   */
  fit: 'crop' | 'cover' | 'bounds' | 'canvas' | 'outpaint';
  /** Anchor for `crop`: `center`, `smart` (attention), or `content` (Deep-Image `{crop: "content"}`). */
  cropGravity: 'center' | 'smart' | 'content';
  /**
   * With `cropToSubject` and no width/height: Claid scales the clipped region back to the input's
   * dimensions unless `fit` is `bounds` (`'input'`); Deep-Image keeps the clipped region (`'subject'`).
   */
  unsizedTarget: 'input' | 'subject';
  /** Space kept around the content inside the output. `percent` is of the output's width/height. */
  padding?: { top: Length; right: Length; bottom: Length; left: Length };
}

export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff';

export interface OutputPlan {
  format: OutputFormat;
  /** 1..100 where the format has a quality setting. */
  quality?: number;
  /** Deep-Image `max_file_size` in bytes (best effort). */
  maxFileSize?: number;
}

/** A note attached to a plan or a translation: a JSON path in the source request and a plain sentence. */
export interface PlanNote {
  path: string;
  message: string;
}

export interface Plan {
  /** Segmentation needed; null when neither the background nor the framing needs the subject. */
  subject: SubjectPlan | null;
  background: BackgroundPlan;
  frame: FramePlan;
  output: OutputPlan;
  /** What the dialect did implicitly while resolving (defaults applied, quirks like transparent→white). */
  notes: PlanNote[];
}

export const ALPHA_FORMATS: readonly OutputFormat[] = ['png', 'webp', 'avif'];

export function formatHasAlpha(format: OutputFormat): boolean {
  return ALPHA_FORMATS.includes(format);
}

/** True when the plan needs a segmentation mask. */
export function planNeedsMask(plan: Plan): boolean {
  return plan.subject !== null;
}

/**
 * A warning the engine gives about a plan. It never knows the request's dialect, so a warning about a
 * plan fact names the fact (`feature`), and the caller turns it into the request's own path
 * (requestWarnings in convert.ts); `path` is only for Backdrop's own fields (`finish.shadow`).
 */
export interface PlanWarning {
  path?: string;
  feature?: PlanFeature;
  message: string;
}
