import type { JobWarning, Plan } from '../recipe/index.ts';

/**
 * Every subject hint runs on the one salient-object model locally. Say so, naming what the provider would
 * have used, so nobody mistakes the local result for the provider's.
 */
export function subjectWarnings(plan: Plan, modelId: string): JobWarning[] {
  const subject = plan.subject;
  if (!subject) return [];
  const model = `the local salient-object model (${modelId})`;
  const warnings: JobWarning[] = [];
  if (subject.objectToKeep !== undefined) {
    warnings.push({
      message: `Selective removal ("${subject.objectToKeep}") is approximated: ${model} keeps the most prominent object, not specifically "${subject.objectToKeep}".`,
    });
  } else if (subject.hint === 'products' || subject.hint === 'cars') {
    warnings.push({
      message: `Category "${subject.hint}" is approximated by ${model}; Claid uses a model tuned for ${subject.hint}.`,
    });
  } else if (subject.hint === 'human' || subject.hint === 'item' || subject.hint === 'v2') {
    warnings.push({
      path: 'background.remove',
      message: `Removal type "${subject.hint}" is approximated by ${model}; Deep-Image uses its own "${subject.hint}" model.`,
    });
  } else if (subject.hint === 'generative') {
    warnings.push({
      path: 'background.remove',
      message: `Generative removal${subject.prompt ? ` ("${subject.prompt}")` : ''} is approximated by ${model}; the prompt is not used locally.`,
    });
  }
  return warnings;
}
