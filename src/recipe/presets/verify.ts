/**
 * The compliance check's verdicts: a preset's rules applied to what was measured on a result
 * (ImageMeasurements, from src/engine/compliance). Pure: the pixels are read elsewhere. Each rule gives
 * pass / warn / fail, the measured value, the limit and, when it did not pass, one concrete fix.
 * A `recommended` rule never fails: at worst it warns.
 */
import type { PlanFeature } from '../dialect.ts';
import { formatMegabytes } from './compile.ts';
import type {
  ComplianceReport,
  ComplianceSummary,
  ImageMeasurements,
  Preset,
  PresetRule,
  RuleCheck,
  RuleResult,
  RuleStatus,
} from './types.ts';

type Verdict = Pick<RuleResult, 'status' | 'measured' | 'limit'> & { fix?: string; option?: PlanFeature };
type Check<K extends RuleCheck['kind']> = (
  check: Extract<RuleCheck, { kind: K }>,
  m: ImageMeasurements,
) => Verdict;

const pct = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`;
const trim = (value: number) => String(Math.round(value * 100) / 100);
const FORMAT_NAMES: Record<string, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  avif: 'AVIF',
  tiff: 'TIFF',
  gif: 'GIF',
  bmp: 'BMP',
};
const formatName = (format: string | undefined) => (format ? (FORMAT_NAMES[format] ?? format) : 'unknown');
const SOURCE_WORDS = {
  mask: 'Backdrop’s mask',
  alpha: 'the image’s transparency',
  estimated: 'estimated from the border colour',
};

const UNMEASURED_FIX =
  'Run it on the local engine (Backdrop then has the product’s mask), or check it by eye: the background is not one flat colour Backdrop can tell apart.';

const whiteBackground: Check<'white-background'> = (check, m) => {
  const limit = `≥ ${pct(check.minWhiteShare)} of the background exactly RGB 255,255,255`;
  const bg = m.background;
  if (!bg) return { status: 'warn', measured: 'could not be measured', limit, fix: UNMEASURED_FIX };
  const [r, g, b] = bg.mean.map((v) => Math.round(v));
  const measured = `${pct(bg.whiteShare, 1)} white (mean RGB ${r},${g},${b}; ${SOURCE_WORDS[bg.source]})`;
  if (bg.whiteShare >= check.minWhiteShare) return { status: 'pass', measured, limit };
  const status: RuleStatus = bg.whiteShare >= check.warnWhiteShare ? 'warn' : 'fail';
  let fix: string;
  if (m.alpha.transparentShare > 0.01)
    fix = 'The background is transparent, not white: fill it with #FFFFFF (Background colour) or write JPEG.';
  else if (Math.min(r!, g!, b!) < 250)
    fix = `The background is RGB ${r},${g},${b}, not white: set the background colour to #FFFFFF.`;
  else
    fix =
      'Almost white, but not exactly: set the background colour to #FFFFFF and write JPEG at quality 90 or more (low quality adds noise).';
  return { status, measured, limit, fix, option: 'color' };
};

const fillRatio: Check<'fill-ratio'> = (check, m) => {
  const limit = `≥ ${pct(check.min)}`;
  const subject = m.subject;
  if (!subject) return { status: 'warn', measured: 'could not be measured', limit, fix: UNMEASURED_FIX };
  if (!subject.box)
    return {
      status: 'fail',
      measured: 'no product found',
      limit,
      fix: 'Backdrop found no product in the result: check that the background removal kept it.',
      option: 'subject',
    };
  const { box } = subject;
  const fill = Math.max(box.width / m.width, box.height / m.height);
  // At the edge one decimal would print the limit itself ("85.0%") for a fill just under it.
  const digits = fill < check.min && pct(fill, 1) === pct(check.min, 1) ? 2 : 1;
  const measured = `${pct(fill, digits)} (product ${box.width} × ${box.height} px in ${m.width} × ${m.height}; ${SOURCE_WORDS[subject.source]})`;
  if (fill >= check.min) return { status: 'pass', measured, limit };
  const padding = ((1 - fill) / 2) * 100;
  const target = ((1 - check.min) / 2) * 100;
  return {
    status: 'fail',
    measured,
    limit,
    fix: `Padding ${trim(padding)}% → ${trim(target)}% or less to reach ${pct(check.min)} fill (clip to the product, pad the canvas evenly: fill = 100% − 2 × padding).`,
    option: 'padding',
  };
};

const EDGES = ['top', 'right', 'bottom', 'left'] as const;
/** A subject touching less than this share of an edge is edge noise, not a cut. */
export const TOUCH_TOLERANCE = 0.005;

const subjectInside: Check<'subject-inside'> = (_check, m) => {
  const limit = 'clear of all four edges';
  const subject = m.subject;
  if (!subject) return { status: 'warn', measured: 'could not be measured', limit, fix: UNMEASURED_FIX };
  const cut = EDGES.filter((edge) => subject.touches[edge] >= TOUCH_TOLERANCE);
  if (cut.length === 0) return { status: 'pass', measured: 'clear of every edge', limit };
  const measured = `touches the ${cut.map((edge) => `${edge} (${pct(subject.touches[edge])} of it)`).join(', ')}`;
  return {
    status: 'fail',
    measured,
    limit,
    fix: 'Clip to the product and add padding (4% or more) so the whole product sits inside the frame; if the photo itself cuts the product, use one that shows it whole.',
    option: 'padding',
  };
};

function sideValue(side: 'longest' | 'shortest' | 'both', m: ImageMeasurements): number {
  return side === 'longest' ? Math.max(m.width, m.height) : Math.min(m.width, m.height);
}
const SIDE_WORDS = { longest: 'on the longest side', shortest: 'on the shorter side', both: 'on each side' };

const minSize: Check<'min-size'> = (check, m) => {
  const value = sideValue(check.side, m);
  const parts = [];
  if (check.min !== undefined) parts.push(`≥ ${check.min} px ${SIDE_WORDS[check.side]}`);
  if (check.recommended !== undefined)
    parts.push(`${check.recommended} px recommended${check.why ? ` (${check.why})` : ''}`);
  const limit = parts.join('; ');
  const measured = `${value} px (${m.width} × ${m.height})`;
  const below = check.min !== undefined && value < check.min;
  const belowRecommended = check.recommended !== undefined && value < check.recommended;
  if (!below && !belowRecommended) return { status: 'pass', measured, limit };
  const target = below ? check.min! : check.recommended!;
  return {
    status: below ? 'fail' : 'warn',
    measured,
    limit,
    fix: `Set the output size to at least ${target} px ${SIDE_WORDS[check.side]} (e.g. ${Math.max(target, check.recommended ?? 0)} × ${Math.max(target, check.recommended ?? 0)}); a larger original photo gives a sharper result than enlarging.`,
    option: 'size',
  };
};

const maxSize: Check<'max-size'> = (check, m) => {
  const value = Math.max(m.width, m.height);
  const limit = `≤ ${check.max} px on the longest side`;
  const measured = `${value} px (${m.width} × ${m.height})`;
  return value <= check.max
    ? { status: 'pass', measured, limit }
    : {
        status: 'fail',
        measured,
        limit,
        fix: `Set the output width and height to at most ${check.max} px.`,
        option: 'size',
      };
};

const maxMegapixels: Check<'max-megapixels'> = (check, m) => {
  const mp = (m.width * m.height) / 1e6;
  const limit = `≤ ${check.max} MP`;
  const measured = `${trim(mp)} MP (${m.width} × ${m.height})`;
  if (mp <= check.max) return { status: 'pass', measured, limit };
  const side = Math.floor(Math.sqrt(check.max * 1e6));
  return {
    status: 'fail',
    measured,
    limit,
    fix: `Make the output smaller, e.g. ${side} × ${side} px.`,
    option: 'size',
  };
};

const aspectRatio: Check<'aspect-ratio'> = (check, m) => {
  const ratio = m.width / m.height;
  const limit = check.label;
  const measured = `${trim(ratio)}:1 (${m.width} × ${m.height})`;
  if (Math.abs(ratio - check.ratio) / check.ratio <= check.tolerance)
    return { status: 'pass', measured, limit };
  const side = Math.max(m.width, m.height);
  const height = Math.round(side / check.ratio);
  return {
    status: 'fail',
    measured,
    limit,
    fix: `Frame it on a ${check.label} canvas: width ${side} and height ${height} px with fit "canvas", so nothing is cut.`,
    option: 'size',
  };
};

const format: Check<'format'> = (check, m) => {
  const limit = check.allowed.map(formatName).join(', ');
  const measured = formatName(m.format);
  if (m.format && check.allowed.includes(m.format))
    return {
      status: 'pass',
      measured:
        check.preferred && m.format !== check.preferred
          ? `${measured} (${formatName(check.preferred)} preferred)`
          : measured,
      limit,
    };
  const want = check.preferred ?? check.allowed[0]!;
  return {
    status: 'fail',
    measured,
    limit,
    fix: `Choose ${formatName(want)} as the output format.`,
    option: 'format',
  };
};

const maxFileSize: Check<'max-file-size'> = (check, m) => {
  const limit = `≤ ${formatMegabytes(check.max)}`;
  const measured = formatMegabytes(m.bytes);
  return m.bytes <= check.max
    ? { status: 'pass', measured, limit }
    : {
        status: 'fail',
        measured,
        limit,
        fix: `Lower the JPEG quality or the output size until the file is under ${formatMegabytes(check.max)} (Deep-Image: max_file_size; the local engine keeps it under when the preset is applied).`,
        option: 'maxFileSize',
      };
};

const colourSpace: Check<'colour-space'> = (check, m) => {
  const allowed = ['sRGB', ...(check.alsoAllowed ?? []).map((s) => (s === 'cmyk' ? 'CMYK' : 'greyscale'))];
  const limit = allowed.join(' or ');
  const { space, profile } = m.colour;
  const rgb = space === 'srgb' || space === 'rgb' || space === 'rgb16' || space === 'scrgb';
  const fix = 'Convert the image to sRGB (Backdrop’s local engine writes sRGB with its ICC profile).';
  if (rgb) {
    if (!profile) return { status: 'pass', measured: 'RGB without a profile (read as sRGB)', limit };
    if (/srgb/i.test(profile)) return { status: 'pass', measured: `sRGB (${profile})`, limit };
    return { status: 'fail', measured: `RGB with the profile “${profile}”`, limit, fix };
  }
  if (space === 'cmyk')
    return check.alsoAllowed?.includes('cmyk')
      ? { status: 'pass', measured: 'CMYK', limit }
      : { status: 'fail', measured: 'CMYK', limit, fix };
  if (space === 'b-w' || space === 'grey16')
    return check.alsoAllowed?.includes('grey')
      ? { status: 'pass', measured: 'greyscale', limit }
      : { status: 'warn', measured: 'greyscale', limit, fix };
  return { status: 'fail', measured: space, limit, fix };
};

const opaque: Check<'opaque'> = (_check, m) => {
  const limit = 'no transparent pixels';
  if (!m.alpha.channel) return { status: 'pass', measured: 'no alpha channel', limit };
  if (m.alpha.transparentShare === 0) return { status: 'pass', measured: 'alpha channel, all opaque', limit };
  return {
    status: 'fail',
    measured: `${pct(m.alpha.transparentShare, 1)} of the pixels are transparent`,
    limit,
    fix: 'Fill the background with #FFFFFF, or choose JPEG (it has no transparency).',
    option: 'color',
  };
};

export const AI_SOURCE_TYPES = ['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia'];

const aiSourceType: Check<'ai-source-type'> = (_check, m) => {
  const limit = 'IPTC DigitalSourceType trainedAlgorithmicMedia where AI made pixels';
  const tagged = m.digitalSourceType !== undefined && AI_SOURCE_TYPES.includes(m.digitalSourceType);
  if (tagged) return { status: 'pass', measured: `tagged ${m.digitalSourceType}`, limit };
  if (!m.aiGenerated) return { status: 'pass', measured: 'no generated pixels: no label needed', limit };
  return {
    status: 'fail',
    measured: 'a provider generated pixels, but the file has no IPTC DigitalSourceType',
    limit,
    fix: 'Download the result from Backdrop, which writes the tag; another tool must keep the XMP Iptc4xmpExt:DigitalSourceType http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia.',
  };
};

const CHECKS: { [K in RuleCheck['kind']]: Check<K> } = {
  'white-background': whiteBackground,
  'fill-ratio': fillRatio,
  'subject-inside': subjectInside,
  'min-size': minSize,
  'max-size': maxSize,
  'max-megapixels': maxMegapixels,
  'aspect-ratio': aspectRatio,
  format,
  'max-file-size': maxFileSize,
  'colour-space': colourSpace,
  opaque,
  'ai-source-type': aiSourceType,
};

/** One rule's verdict; a recommended rule's failure is only a warning. */
export function verifyRule(rule: PresetRule, m: ImageMeasurements): RuleResult {
  const verdict = (CHECKS[rule.check.kind] as Check<RuleCheck['kind']>)(rule.check, m);
  const status: RuleStatus =
    rule.level === 'recommended' && verdict.status === 'fail' ? 'warn' : verdict.status;
  return {
    id: rule.id,
    title: rule.title,
    level: rule.level,
    status,
    measured: verdict.measured,
    limit: verdict.limit,
    ...(status !== 'pass' && verdict.fix ? { fix: verdict.fix } : {}),
    ...(status !== 'pass' && verdict.option ? { option: verdict.option } : {}),
    source: rule.source,
  };
}

export function worstStatus(statuses: RuleStatus[]): RuleStatus {
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
}

/** The checklist of `preset` for a result measured as `m`. */
export function verifyMeasurements(preset: Preset, m: ImageMeasurements): ComplianceReport {
  const rules = preset.rules.map((rule) => verifyRule(rule, m));
  return {
    preset: preset.id,
    title: preset.title,
    status: worstStatus(rules.map((rule) => rule.status)),
    rules,
    manualChecks: preset.manualChecks,
  };
}

/** What a job view, a batch item and a manifest row keep of a report. */
export function summarise(report: ComplianceReport): ComplianceSummary {
  return {
    preset: report.preset,
    status: report.status,
    issues: report.rules
      .filter((rule) => rule.status !== 'pass')
      .map((rule) => ({
        id: rule.id,
        status: rule.status as Exclude<RuleStatus, 'pass'>,
        measured: rule.measured,
        limit: rule.limit,
        ...(rule.fix ? { fix: rule.fix } : {}),
      })),
  };
}

/** One line per rule that did not pass: `fill-ratio: 62% (…) — limit ≥ 85% — Padding 19% → 7.5% …`. */
export function summaryLines(summary: ComplianceSummary): string[] {
  return summary.issues.map(
    (issue) => `${issue.id}: ${issue.measured}; limit ${issue.limit}${issue.fix ? ` — ${issue.fix}` : ''}`,
  );
}
