#!/usr/bin/env node
// The `backdrop` command. Sources are TypeScript; tsx compiles them on the fly (Node 20 has no type stripping).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
