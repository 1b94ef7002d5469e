/**
 * The built-in marketplace presets: one entry per marketplace image type. Figures follow each
 * marketplace's own requirements page (sources.ts); `recommended` rules are the marketplace's
 * recommendations, never failures. The intent is a plan, so each preset compiles to either dialect.
 */
import type { FramePlan, Length, Plan } from '../plan.ts';
import { SOURCES } from './sources.ts';
import type { Preset, PresetRule } from './types.ts';

const MB = 1024 * 1024;
const pct = (percent: number): Length => ({ percent });
const sides = (length: Length) => ({ top: length, right: length, bottom: length, left: length });

/** The subject cut out, on pure white, centred on a square canvas of `side` px with `padding` %. */
function whiteSquare(side: number, padding: number, maxFileSize?: number): Plan {
  const frame: FramePlan = {
    cropToSubject: true,
    width: { px: side },
    height: { px: side },
    fit: 'canvas',
    cropGravity: 'center',
    unsizedTarget: 'subject',
    padding: sides(pct(padding)),
  };
  return {
    subject: { hint: 'products' },
    background: { kind: 'color', hex: '#FFFFFF' },
    frame,
    output: { format: 'jpeg', quality: 90, ...(maxFileSize ? { maxFileSize } : {}) },
    notes: [],
  };
}

/** The photo as it is (background kept), scaled to fit a `side` px box. */
function keepBackground(side: number, fit: FramePlan['fit']): Plan {
  return {
    subject: null,
    background: { kind: 'original' },
    frame: {
      cropToSubject: false,
      width: { px: side },
      height: { px: side },
      fit,
      cropGravity: 'center',
      unsizedTarget: 'subject',
    },
    output: { format: 'jpeg', quality: 90 },
    notes: [],
  };
}

const AMAZON_SIZE: PresetRule[] = [
  {
    id: 'longest-side',
    title: 'Longest side',
    level: 'required',
    check: { kind: 'min-size', side: 'longest', min: 500, recommended: 1000, why: 'zoom' },
    source: SOURCES.amazon,
    note: '500 px is the smallest Amazon shows; 1000 px turns on zoom, 1600 px or more is recommended.',
  },
  {
    id: 'max-side',
    title: 'At most 10,000 px',
    level: 'required',
    check: { kind: 'max-size', max: 10_000 },
    source: SOURCES.amazon,
  },
  {
    id: 'format',
    title: 'File format',
    level: 'required',
    check: { kind: 'format', allowed: ['jpeg', 'png', 'tiff', 'gif'], preferred: 'jpeg' },
    source: SOURCES.amazon,
    note: 'JPEG is preferred; PNG, TIFF and (not animated) GIF are accepted.',
  },
  {
    id: 'colour-space',
    title: 'Colour space',
    level: 'required',
    check: { kind: 'colour-space', alsoAllowed: ['cmyk'] },
    source: SOURCES.amazon,
    note: 'sRGB or CMYK.',
  },
];

const amazonMain: Preset = {
  id: 'amazon-main',
  title: 'Amazon main image',
  marketplace: 'Amazon',
  summary:
    'The product alone on pure white, filling the frame: cut out, centred on a 2000 × 2000 px white square with 4% padding (92% fill), JPEG.',
  intent: whiteSquare(2000, 4),
  rules: [
    {
      id: 'white-background',
      title: 'Pure white background',
      level: 'required',
      check: { kind: 'white-background', minWhiteShare: 0.99, warnWhiteShare: 0.95 },
      source: SOURCES.amazon,
      note: 'RGB 255,255,255. Backdrop counts the background away from the product’s edge and allows 1% of it to differ (JPEG noise); 95–99% is a warning.',
    },
    {
      id: 'fill-ratio',
      title: 'Product fills 85% of the frame',
      level: 'required',
      check: { kind: 'fill-ratio', min: 0.85 },
      source: SOURCES.amazon,
      note: 'Measured as Amazon does: the product’s longer extent against the frame on that axis.',
    },
    {
      id: 'subject-inside',
      title: 'Whole product in the frame',
      level: 'required',
      check: { kind: 'subject-inside' },
      source: SOURCES.amazon,
    },
    ...AMAZON_SIZE,
    {
      id: 'opaque',
      title: 'No transparency',
      level: 'required',
      check: { kind: 'opaque' },
      source: SOURCES.amazon,
      note: 'A transparent background is not white: Amazon shows it on its own page colour.',
    },
  ],
  manualChecks: [
    'Only the product for sale: no props, accessories that are not included, or extra items.',
    'No text, logos, watermarks, badges or borders.',
    'A photograph of the actual product, not a drawing or render.',
  ],
};

const amazonAdditional: Preset = {
  id: 'amazon-additional',
  title: 'Amazon additional image',
  marketplace: 'Amazon',
  summary:
    'Lifestyle and detail images: the background is kept; the photo is scaled to fit 2000 × 2000 px for zoom, JPEG.',
  intent: keepBackground(2000, 'bounds'),
  rules: AMAZON_SIZE,
  manualChecks: ['Shows the product for sale; text and lifestyle scenes are allowed on additional images.'],
};

const walmartMain: Preset = {
  id: 'walmart-main',
  title: 'Walmart main image',
  marketplace: 'Walmart',
  summary: 'Seamless white, square 2200 × 2200 px: cut out, centred with 5% padding, JPEG under 5 MB.',
  intent: whiteSquare(2200, 5, 5 * MB),
  rules: [
    {
      id: 'white-background',
      title: 'Seamless white background',
      level: 'required',
      check: { kind: 'white-background', minWhiteShare: 0.99, warnWhiteShare: 0.95 },
      source: SOURCES.walmart,
      note: 'RGB 255/255/255; 1% of the background may differ (JPEG noise).',
    },
    {
      id: 'size',
      title: 'Pixel dimensions',
      level: 'required',
      check: { kind: 'min-size', side: 'both', min: 1500, recommended: 2200, why: 'Walmart’s stated size' },
      source: SOURCES.walmart,
      note: 'Walmart lists 2200 × 2200 px, and 1500 × 1500 px as the minimum for zoom: below 1500 fails, below 2200 warns.',
    },
    {
      id: 'aspect-ratio',
      title: 'Square',
      level: 'required',
      check: { kind: 'aspect-ratio', ratio: 1, tolerance: 0.005, label: '1:1' },
      source: SOURCES.walmart,
    },
    {
      id: 'format',
      title: 'File format',
      level: 'required',
      check: { kind: 'format', allowed: ['jpeg', 'png', 'bmp'] },
      source: SOURCES.walmart,
      note: 'JPEG, PNG or BMP; GIF is not permitted.',
    },
    {
      id: 'file-size',
      title: 'At most 5 MB',
      level: 'required',
      check: { kind: 'max-file-size', max: 5 * MB },
      source: SOURCES.walmart,
    },
    {
      id: 'colour-space',
      title: 'RGB colour',
      level: 'required',
      check: { kind: 'colour-space' },
      source: SOURCES.walmart,
    },
    {
      id: 'opaque',
      title: 'No transparency',
      level: 'required',
      check: { kind: 'opaque' },
      source: SOURCES.walmart,
      note: 'A transparent background is not seamless white.',
    },
  ],
  manualChecks: ['Nothing that breaks Walmart’s Prohibited Products Policy.'],
};

const shopifyProduct: Preset = {
  id: 'shopify-product',
  title: 'Shopify product image',
  marketplace: 'Shopify',
  summary: 'The recommended 2048 × 2048 px square: cut out on white with 5% padding, JPEG.',
  intent: whiteSquare(2048, 5, 20 * MB),
  rules: [
    {
      id: 'longest-side',
      title: 'Large enough for zoom',
      level: 'recommended',
      check: { kind: 'min-size', side: 'longest', recommended: 800, why: 'zoom' },
      source: SOURCES.shopify,
      note: 'Recommended: 2048 × 2048 px; below 800 px themes turn zoom off.',
    },
    {
      id: 'max-side',
      title: 'At most 5000 × 5000 px',
      level: 'required',
      check: { kind: 'max-size', max: 5000 },
      source: SOURCES.shopify,
    },
    {
      id: 'megapixels',
      title: 'At most 25 megapixels',
      level: 'required',
      check: { kind: 'max-megapixels', max: 25 },
      source: SOURCES.shopify,
    },
    {
      id: 'file-size',
      title: 'Under 20 MB',
      level: 'required',
      check: { kind: 'max-file-size', max: 20 * MB },
      source: SOURCES.shopify,
    },
    {
      id: 'aspect-ratio',
      title: 'Square',
      level: 'recommended',
      check: { kind: 'aspect-ratio', ratio: 1, tolerance: 0.005, label: '1:1' },
      source: SOURCES.shopify,
      note: 'Recommended, so product grids line up.',
    },
  ],
  manualChecks: [],
};

const ebay: Preset = {
  id: 'ebay',
  title: 'eBay listing photo',
  marketplace: 'eBay',
  summary: 'Cut out on white, 1600 × 1600 px (eBay’s recommended size) with 5% padding, JPEG.',
  intent: whiteSquare(1600, 5),
  rules: [
    {
      id: 'longest-side',
      title: 'Longest side',
      level: 'required',
      check: {
        kind: 'min-size',
        side: 'longest',
        min: 500,
        recommended: 1600,
        why: 'eBay’s recommended size',
      },
      source: SOURCES.ebay,
      note: 'At least 500 px on the longest side; 1600 px is recommended.',
    },
  ],
  manualChecks: [
    'No added borders.',
    'No added text, artwork or marketing material; no watermarks.',
    'The photo shows the actual item (no stock photos for used items).',
  ],
};

const etsy: Preset = {
  id: 'etsy',
  title: 'Etsy listing photo',
  marketplace: 'Etsy',
  summary:
    'The photo of the actual item, background kept, scaled so its shorter side is 2000 px (Etsy’s recommended size), JPEG.',
  intent: keepBackground(2000, 'cover'),
  rules: [
    {
      id: 'shortest-side',
      title: 'About 2000 px',
      level: 'recommended',
      check: { kind: 'min-size', side: 'shortest', recommended: 2000, why: 'Etsy’s recommended size' },
      source: SOURCES.etsy,
      note: 'Recommended, not required: about 2000 px gives sharp zoom.',
    },
  ],
  manualChecks: ['The image is of the item itself, not a rendering or stock photo.'],
};

const googleMerchant: Preset = {
  id: 'google-merchant',
  title: 'Google Merchant Center image',
  marketplace: 'Google Merchant Center',
  summary: 'Cut out on white, 2000 × 2000 px with 5% padding, JPEG; AI-made pixels keep their IPTC tag.',
  intent: whiteSquare(2000, 5, 16 * MB),
  rules: [
    {
      id: 'min-size',
      title: 'At least 100 × 100 px',
      level: 'required',
      check: { kind: 'min-size', side: 'both', min: 100 },
      source: SOURCES.google,
      note: 'Apparel needs at least 250 × 250 px.',
    },
    {
      id: 'megapixels',
      title: 'At most 64 megapixels',
      level: 'required',
      check: { kind: 'max-megapixels', max: 64 },
      source: SOURCES.google,
    },
    {
      id: 'file-size',
      title: 'At most 16 MB',
      level: 'required',
      check: { kind: 'max-file-size', max: 16 * MB },
      source: SOURCES.google,
    },
    {
      id: 'format',
      title: 'File format',
      level: 'required',
      check: { kind: 'format', allowed: ['jpeg', 'webp', 'png', 'gif', 'bmp', 'tiff'] },
      source: SOURCES.google,
    },
    {
      id: 'ai-source-type',
      title: 'AI-generated images are labelled',
      level: 'required',
      check: { kind: 'ai-source-type' },
      source: SOURCES.google,
      note: 'Images made with generative AI keep the IPTC DigitalSourceType trainedAlgorithmicMedia tag.',
    },
  ],
  manualChecks: ['No watermarks, promotional text, logos or borders.'],
};

/** Every built-in preset, in the order the Preset menu lists them. */
export const PRESETS: readonly Preset[] = [
  amazonMain,
  amazonAdditional,
  walmartMain,
  shopifyProduct,
  ebay,
  etsy,
  googleMerchant,
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** The ids, for error messages ("use one of …"). */
export const PRESET_IDS: readonly string[] = PRESETS.map((preset) => preset.id);
