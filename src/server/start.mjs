#!/usr/bin/env node
// `npm start` / `npm run serve` run this. Sources are TypeScript, compiled on the fly by tsx (Node 20 has no
// type stripping); the server runs in a process whose memory allocator suits the segmentation model
// (see src/engine/allocator-tuning.ts: on Linux this starts Node once more, with GLIBC_TUNABLES set).
import { register } from 'tsx/esm/api';

register();
const tuning = await import('../engine/allocator-tuning.ts');
if (tuning.needsAllocatorRelaunch()) tuning.relaunchWithAllocatorTuning();
else await import('./main.ts');
