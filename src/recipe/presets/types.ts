/**
 * Marketplace presets and the compliance check, as data and types (a preset is a named intent —
 * a plan plus finishing and rules — compiled to the active dialect; a marketplace preset also carries the
 * rules a result is verified against). Pure types, no runtime code.
 */
import type { Dialect, JsonObject, Loss } from '../types.ts';
import type { Plan } from '../plan.ts';
import type { PlanFeature } from '../dialect.ts';

/** Where a rule's figure comes from: the marketplace's own page, and when it was read. */
export interface RuleSource {
  /** The marketplace's own published requirements page. */
  url: string;
  title: string;
  /** ISO date (YYYY-MM-DD) the figures were read. */
  read: string;
  /**
   * Pages that quote the marketplace's page, when its own page is behind a seller login and the figures
   * were read from their quotes.
   */
  via?: string[];
}

/**
 * `required`: the marketplace states it as a requirement; breaking it fails the check.
 * `recommended`: the marketplace recommends it; missing it is a warning, never a failure.
 */
export type RuleLevel = 'required' | 'recommended';

/** Image formats a marketplace names; `format` measured on a file is its sniffed type. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif' | 'bmp';

/** Which side a size rule measures. */
export type SizeSide = 'longest' | 'shortest' | 'both';

/** What a rule checks, with its limits. Lengths in pixels, sizes in bytes, shares 0..1. */
export type RuleCheck =
  /**
   * The background is pure white: of the background pixels (the mask's zero region, away from the
   * subject's edge), at least `minWhiteShare` are exactly RGB 255,255,255. Between `warnWhiteShare` and
   * `minWhiteShare` it is a warning (JPEG noise), below a failure.
   */
  | { kind: 'white-background'; minWhiteShare: number; warnWhiteShare: number }
  /**
   * Fill ratio: the subject's bounding box against the frame, on the axis where it comes closest to the
   * edges — max(box width / image width, box height / image height). At least `min`.
   */
  | { kind: 'fill-ratio'; min: number }
  /** The subject's bounding box stays clear of the frame's edges (the whole product is in the picture). */
  | { kind: 'subject-inside' }
  /** At least `min` px (failure below) and ideally `recommended` px (warning below) on `side`. */
  | { kind: 'min-size'; side: SizeSide; min?: number; recommended?: number; why?: string }
  /** At most `max` px on the longest side. */
  | { kind: 'max-size'; max: number }
  /** At most `max` megapixels (width × height / 1e6). */
  | { kind: 'max-megapixels'; max: number }
  /** Width / height equals `ratio` within `tolerance` (relative). */
  | { kind: 'aspect-ratio'; ratio: number; tolerance: number; label: string }
  /** The file is one of `allowed`. */
  | { kind: 'format'; allowed: ImageFormat[]; preferred?: ImageFormat }
  /** The file is at most `max` bytes. */
  | { kind: 'max-file-size'; max: number }
  /** The colours are sRGB (untagged RGB counts as sRGB) or one of `alsoAllowed` (e.g. CMYK). */
  | { kind: 'colour-space'; alsoAllowed?: ('cmyk' | 'grey')[] }
  /** No transparent pixels (the marketplace shows the image on its own page colour otherwise). */
  | { kind: 'opaque' }
  /**
   * Where a provider's generative model painted pixels (a generated background, an outpainted canvas),
   * the file carries the IPTC DigitalSourceType `trainedAlgorithmicMedia` in its XMP.
   */
  | { kind: 'ai-source-type' };

export type RuleKind = RuleCheck['kind'];

export interface PresetRule {
  /** Stable within a preset, e.g. `white-background`, `longest-side`. */
  id: string;
  title: string;
  level: RuleLevel;
  check: RuleCheck;
  source: RuleSource;
  /** The marketplace's wording or a remark, e.g. "1000 px enables zoom". */
  note?: string;
}

/**
 * A marketplace preset: one marketplace image type. `intent` is a plan; compiling it to a dialect goes
 * through the same plan → request mapping as translation, so the loss report says what a dialect cannot
 * express. `finish` is Backdrop's own finishing (shadows, placement), carried beside the request.
 */
export interface Preset {
  /** URL-safe, e.g. `amazon-main`. */
  id: string;
  title: string;
  marketplace: string;
  /** One line: what the preset is for and what it does. */
  summary: string;
  intent: Plan;
  finish?: JsonObject;
  rules: PresetRule[];
  /** Requirements no pixel check can prove (text, logos, props…), shown beside the checklist. */
  manualChecks: string[];
}

/** A preset compiled to one dialect. */
export interface CompiledPreset {
  dialect: Dialect;
  request: JsonObject;
  /** What the dialect cannot carry of the intent, and rules it cannot express in its request. */
  losses: Loss[];
}

/** GET /api/presets: every preset with its rules and its request in each dialect (with the losses). */
export interface PresetsResponse {
  presets: (Preset & { compiled: Record<Dialect, CompiledPreset> })[];
}

// ─── The compliance check ────────────────────────────────────────────────────────────────────────────

/** How the subject and background were told apart. */
export type MaskSource =
  /** Backdrop's own subject mask, framed like the result (local engine). */
  | 'mask'
  /** The result's own alpha channel (a transparent cut-out). */
  | 'alpha'
  /** Estimated from the result: pixels that differ from the flat colour along the border. */
  | 'estimated';

/** What a compliance check reads off a result file (src/engine/compliance measures it). */
export interface ImageMeasurements {
  width: number;
  height: number;
  bytes: number;
  /** Sniffed from the bytes; undefined when it is none of ImageFormat. */
  format?: ImageFormat;
  colour: {
    /** libvips' interpretation: `srgb`, `rgb16`, `cmyk`, `b-w`, `grey16`, `lab`… */
    space: string;
    /** The embedded ICC profile's description, when there is one. */
    profile?: string;
  };
  alpha: {
    /** The file has an alpha channel. */
    channel: boolean;
    /** Share of pixels with alpha below 255. */
    transparentShare: number;
  };
  /** Undefined when the background could not be told apart (no mask, no flat border colour). */
  background?: {
    source: MaskSource;
    /** Background pixels measured (away from the subject's edge). */
    pixels: number;
    /** Share of them exactly RGB 255,255,255. */
    whiteShare: number;
    /** Their mean colour. */
    mean: [number, number, number];
  };
  subject?: {
    source: MaskSource;
    /** Bounding box in result pixels; null when no subject was found. */
    box: { left: number; top: number; width: number; height: number } | null;
    /** Share of each edge's length the subject touches (0 = clear of it). */
    touches: { top: number; right: number; bottom: number; left: number };
  };
  /** IPTC DigitalSourceType from the file's XMP (the URI's last part, e.g. `trainedAlgorithmicMedia`). */
  digitalSourceType?: string;
  /** True when a provider's generative model painted part of the result (from the job, not the pixels). */
  aiGenerated: boolean;
}

export type RuleStatus = 'pass' | 'warn' | 'fail';

/** One rule's outcome, as the inspector, the CLI and the manifests show it. */
export interface RuleResult {
  id: string;
  title: string;
  level: RuleLevel;
  status: RuleStatus;
  /** What was measured, in words with the number, e.g. "62% (subject 1240 px of 2000 px)". */
  measured: string;
  /** The limit, e.g. "≥ 85%". */
  limit: string;
  /** A concrete fix when the rule did not pass, e.g. "Padding 20% → at most 7.5% …". */
  fix?: string;
  /** The plan feature the fix changes, so the editor can point at the control. */
  option?: PlanFeature;
  source: RuleSource;
}

export interface ComplianceReport {
  preset: string;
  title: string;
  /** `fail` when any rule fails, else `warn` when any warns, else `pass`. */
  status: RuleStatus;
  rules: RuleResult[];
  manualChecks: string[];
}

/** What a job view and a manifest row keep of a report: enough for a badge and a column. */
export interface ComplianceSummary {
  preset: string;
  status: RuleStatus;
  /** Rules that did not pass: id, status and the one-line fix. */
  issues: {
    id: string;
    status: Exclude<RuleStatus, 'pass'>;
    measured: string;
    limit: string;
    fix?: string;
  }[];
}
