#!/usr/bin/env node
// The `backdrop` command. Sources are TypeScript; tsx compiles them on the fly (Node 20 has no type stripping).
// It calls main() itself rather than main.ts checking process.argv[1], which is npm's bin link, a symlink
// or any other name depending on how the command was started.
// The commands that run the segmentation model start Node once more with a tuned allocator (see
// src/engine/allocator-tuning.ts); the others start at once.
import { register } from 'tsx/esm/api';

register();
const MODEL_COMMANDS = new Set(['run', 'mask', 'batch']);
const tuning = MODEL_COMMANDS.has(process.argv[2] ?? '')
  ? await import('../engine/allocator-tuning.ts')
  : null;
if (tuning?.needsAllocatorRelaunch()) tuning.relaunchWithAllocatorTuning();
else await (await import('./main.ts')).main(process.argv.slice(2));
