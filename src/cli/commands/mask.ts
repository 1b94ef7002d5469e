/** `backdrop mask`: write the subject's alpha mask of a photo as a grey PNG. */
import { writeFile } from 'node:fs/promises';
import { EngineError, computeMask } from '../../engine/index.ts';
import type { Command } from '../command.ts';
import { UsageError, parseCommandArgs } from '../command.ts';
import { defaultOutputName, engineErrorText, printWarnings, readImageFile } from './run.ts';

export const maskCommand: Command = {
  name: 'mask',
  summary: "Write a photo's subject mask (white = subject) as a PNG.",
  usage: 'backdrop mask IMAGE [-o MASK.png]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { output: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new UsageError('Give exactly one image.');
    const imageFile = positionals[0]!;
    const image = await readImageFile(imageFile);
    try {
      const started = performance.now();
      const mask = await computeMask(image);
      const out = values.output ?? defaultOutputName(imageFile, 'mask', 'png');
      await writeFile(out, mask.png);
      printWarnings(mask.warnings, io);
      io.stderr(`timings: mask ${Math.round(performance.now() - started)} ms\n`);
      io.stdout(`wrote ${out} (${mask.width}×${mask.height} mask)\n`);
      return 0;
    } catch (error) {
      if (error instanceof EngineError) {
        io.stderr(`backdrop mask: ${imageFile}: ${engineErrorText(error)}\n`);
        return 1;
      }
      throw error;
    }
  },
};
