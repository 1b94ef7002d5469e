#!/usr/bin/env node
// The `backdrop` command. Sources are TypeScript; tsx compiles them on the fly (Node 20 has no type stripping).
// The commands that run the segmentation model start Node once more with a tuned allocator (see
// src/engine/allocator-tuning.ts); the others start at once.
import { register } from 'tsx/esm/api';

register();
const MODEL_COMMANDS = new Set(['run', 'mask']);
const tuning = MODEL_COMMANDS.has(process.argv[2] ?? '')
  ? await import('../engine/allocator-tuning.ts')
  : null;
if (tuning?.needsAllocatorRelaunch()) tuning.relaunchWithAllocatorTuning();
else await import('./main.ts');
