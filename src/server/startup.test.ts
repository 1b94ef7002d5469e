/** main.ts at start: an engine setting no job could run with stops it; the start line names the precision. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'backdrop-start-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string>) => ({
  ...process.env,
  HOST: '127.0.0.1',
  PORT: '0',
  BACKDROP_WARM_UP: '0',
  BACKDROP_DATA_DIR: dataDir(),
  ...extra,
});

/** The line main.ts prints once it listens; the process is stopped right after. */
function startLine(extra: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env: env(extra) });
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start line within 30 s: ${out}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^Backdrop is running at .*$/m.exec(out)?.[0];
      if (line) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(line);
      }
    });
    child.once('exit', (code) => code !== null && reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe('starting the server', () => {
  it('refuses an unknown BACKDROP_MODEL_PRECISION, naming it and the values it takes', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: env({ BACKDROP_MODEL_PRECISION: 'int4' }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'Backdrop cannot start: BACKDROP_MODEL_PRECISION: "int4" is not a precision; use auto (the default), int8 or fp32.',
    );
  });

  it('says which precision the local engine runs at on its start line', async () => {
    expect(await startLine({ BACKDROP_MODEL_PRECISION: 'fp32' })).toMatch(/executors: local ✓ \(fp32\), /);
    expect(await startLine({ BACKDROP_MODEL_PRECISION: 'INT8 ' })).toMatch(/executors: local ✓ \(int8\), /);
  });
});
