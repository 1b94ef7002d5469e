// Module resolve hook for the benchmarks: the project's package.json overrides imgly's zod with the
// project's zod 4, whose `z.function().args` (zod 3 API) imgly's config schema calls at import time.
// zod 4 ships the zod 3 API as `zod/v3`; point imgly's import there, touching nothing in node_modules.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'zod' && context.parentURL?.includes('/@imgly/background-removal-node/')) {
    return nextResolve('zod/v3', context);
  }
  return nextResolve(specifier, context);
}
