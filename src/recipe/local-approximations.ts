/**
 * What Backdrop's local engine cannot do as the providers do, in one table. The editor reads it to mark
 * each such option at its control before any run (while the local engine is the chosen executor); the
 * engine reads it to word the job's warnings. A row names the request options it concerns in each dialect
 * (for the editor) and the plan facts the engine sees (`inPlan`), so both sides agree on the same rows;
 * local-approximations.test.ts checks that every option a row marks does reach its `inPlan`.
 */
import type { JobWarning } from './api-types.ts';
import type { Dialect, Json, JsonObject } from './types.ts';
import type { Plan, SubjectHint } from './plan.ts';
import { getAt } from './json.ts';

/** One request option a row concerns: its path in one dialect, and which values (absent = any set value). */
export interface ApproximatedOption {
  dialect: Dialect;
  path: string;
  values?: Json[];
}

export interface LocalApproximation {
  id: string;
  options: ApproximatedOption[];
  /** A few words at the control, e.g. "Same as Automatic on the local engine". */
  short: string;
  /** What the local engine does instead, in one or two sentences (under the chosen control). */
  detail: string;
  /** True when the engine is running a plan that uses this option. */
  inPlan(plan: Plan): boolean;
  /** The job warning for such a plan; `model` names the segmentation model that ran. */
  warning(plan: Plan, model: string): JobWarning;
}

const CLAID_BG = 'operations.background';
const CLAID_CATEGORIES = ['general', 'products', 'cars'];
const DEEP_IMAGE_MODELS: SubjectHint[] = ['v2', 'human', 'item'];
/** Deep-Image generate options the plan keeps verbatim and the local engine leaves alone. */
const GENERATE_EXTRAS = [
  'adapter_type',
  'model_type',
  'additional_prompt',
  'negative_prompt',
  'face_id',
  'controlnet_conditioning_scale',
  'context_images',
];

/** The Claid operation a plan's subject came from: blur when the background is blurred, else remove. */
const claidOperation = (plan: Plan) => `${CLAID_BG}.${plan.background.kind === 'blur' ? 'blur' : 'remove'}`;

export const LOCAL_APPROXIMATIONS: readonly LocalApproximation[] = [
  {
    id: 'claid-category',
    options: [
      { dialect: 'claid', path: `${CLAID_BG}.remove.category`, values: CLAID_CATEGORIES },
      // With a model version pinned, removal's category is {type, version}; blur has no such form.
      { dialect: 'claid', path: `${CLAID_BG}.remove.category.type`, values: CLAID_CATEGORIES },
      { dialect: 'claid', path: `${CLAID_BG}.blur.category`, values: CLAID_CATEGORIES },
    ],
    short: 'Same as Automatic on the local engine',
    detail:
      'The local engine finds the subject with one salient-object model whatever the category, so Automatic, General, Products and Cars give the same cut-out; Claid uses a model tuned for each.',
    inPlan: (plan) =>
      plan.subject !== null &&
      plan.subject.objectToKeep === undefined &&
      CLAID_CATEGORIES.includes(plan.subject.hint),
    warning: (plan, model) => ({
      path: claidOperation(plan),
      message: `Automatic, General, Products and Cars all run the local salient-object model (${model}) and give the same cut-out here; Claid uses a model tuned for each.`,
    }),
  },
  {
    id: 'claid-selective',
    options: ['remove', 'blur'].map((op) => ({
      dialect: 'claid' as const,
      path: `${CLAID_BG}.${op}.selective.object_to_keep`,
    })),
    short: 'Keeps the most prominent object on the local engine',
    detail:
      'The local engine keeps the most prominent object, not the one you name (a glass in front of a bottle keeps both); only Claid picks out the object you name.',
    inPlan: (plan) => plan.subject?.objectToKeep !== undefined,
    warning: (plan, model) => ({
      path: `${claidOperation(plan)}.selective.object_to_keep`,
      message: `Selective ("${plan.subject?.objectToKeep ?? ''}") is approximated: the local salient-object model (${model}) keeps the most prominent object, not specifically "${plan.subject?.objectToKeep ?? ''}".`,
    }),
  },
  {
    id: 'deep-image-model',
    options: [{ dialect: 'deep-image', path: 'background.remove', values: DEEP_IMAGE_MODELS }],
    short: 'Same as auto on the local engine',
    detail:
      'The local engine finds the subject with one salient-object model, so auto, v2, human and item give the same cut-out; Deep-Image uses a model tuned for each.',
    inPlan: (plan) => plan.subject !== null && DEEP_IMAGE_MODELS.includes(plan.subject.hint),
    warning: (plan, model) => ({
      path: 'background.remove',
      message: `Removal type "${plan.subject?.hint ?? ''}" runs the local salient-object model (${model}), the same as auto; Deep-Image uses its own "${plan.subject?.hint ?? ''}" model.`,
    }),
  },
  {
    id: 'deep-image-generative',
    options: [{ dialect: 'deep-image', path: 'background.remove', values: ['generative'] }],
    short: 'Prompt not used on the local engine',
    detail:
      'The local engine does not read the prompt: it cuts out the most prominent object, the same as auto.',
    inPlan: (plan) => plan.subject?.hint === 'generative',
    warning: (plan, model) => ({
      path: 'background.remove',
      message: `Generative removal${plan.subject?.prompt ? ` ("${plan.subject.prompt}")` : ''} is approximated by the local salient-object model (${model}); the prompt is not used locally.`,
    }),
  },
  {
    id: 'generate-description',
    options: [{ dialect: 'deep-image', path: 'background.generate.description' }],
    short: 'Not used on the local engine',
    detail:
      'No text-to-image model runs offline: the local engine renders a plain studio backdrop (wall, floor, soft light and a contact shadow) instead of the scene described.',
    inPlan: (plan) => plan.background.kind === 'generated' && plan.background.description !== undefined,
    warning: () => ({
      path: 'background.generate.description',
      message:
        'The description is only used by Deep-Image; the local engine renders a plain studio backdrop instead.',
    }),
  },
  {
    id: 'generate-extras',
    options: GENERATE_EXTRAS.map((key) => ({
      dialect: 'deep-image' as const,
      path: `background.generate.${key}`,
    })),
    short: 'Ignored by the local engine',
    detail: 'Only Deep-Image’s generator uses this; the local studio backdrop does not.',
    inPlan: (plan) =>
      plan.background.kind === 'generated' && Object.keys(plan.background.extras ?? {}).length > 0,
    warning: (plan) => ({
      path: 'background.generate',
      message: `Ignored by the local engine (Deep-Image only): ${
        plan.background.kind === 'generated' ? Object.keys(plan.background.extras).join(', ') : ''
      }.`,
    }),
  },
  {
    id: 'outpaint',
    options: [
      { dialect: 'claid', path: 'operations.resizing.fit', values: ['outpaint'] },
      { dialect: 'claid', path: 'operations.resizing.fit.type', values: ['outpaint'] },
    ],
    short: 'Same as Canvas on the local engine',
    detail:
      'The local engine does not paint new surroundings: the area the fit adds is filled with the background, as with Canvas.',
    inPlan: (plan) => plan.frame.fit === 'outpaint' && plan.background.kind !== 'generated',
    warning: () => ({
      path: 'operations.resizing.fit',
      message:
        'Outpainting is approximated locally: the added area is filled with the background instead of painted.',
    }),
  },
];

/** The job warnings for every row a plan uses (the engine's side of the table). */
export function localApproximationWarnings(plan: Plan, model: string): JobWarning[] {
  return LOCAL_APPROXIMATIONS.filter((row) => row.inPlan(plan)).map((row) => row.warning(plan, model));
}

/**
 * An option is in use when present (even empty: an empty object to keep still runs selective) and, for
 * rows that list values, holds one of them.
 */
function inUse(option: ApproximatedOption, request: JsonObject): boolean {
  const value = getAt(request, option.path);
  if (value === undefined || value === null || value === false) return false;
  return !option.values || option.values.some((v) => v === value);
}

/**
 * The rows a request uses (the editor's side), among options `where` accepts by path: e.g. every option
 * under a control's path, to mark the choices a control offers.
 */
export function localApproximationsIn(
  dialect: Dialect,
  request: JsonObject,
  where: (optionPath: string) => boolean,
): LocalApproximation[] {
  return LOCAL_APPROXIMATIONS.filter((row) =>
    row.options.some((o) => o.dialect === dialect && where(o.path) && inUse(o, request)),
  );
}
