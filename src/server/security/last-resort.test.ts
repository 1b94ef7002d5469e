/** The last-resort guard: a fault no handler caught is logged, redacted, and the process keeps serving. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SECRET = 'last-resort-canary-5c1d9e7a3b';

describe('last-resort guard', () => {
  it('an uncaught exception and an unhandled rejection are logged redacted; the server keeps answering', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, '../testing/faulty-server.ts')],
      {
        env: { ...process.env, FAULTY_SECRET: SECRET },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      const deadline = Date.now() + 20_000;
      let port: string | undefined;
      while (!(port = /listening (\d+)/.exec(output)?.[1]) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(port, output).toBeDefined();
      const url = `http://127.0.0.1:${port}`;
      for (const path of ['/throw', '/reject', '/throw']) {
        expect((await fetch(url + path)).status).toBe(200);
        await new Promise((r) => setTimeout(r, 50));
        expect(await (await fetch(`${url}/ok`)).text()).toBe('ok');
      }
      expect(child.exitCode).toBeNull();
      const lines = output.split('\n').filter((l) => l.startsWith('{'));
      const records = lines.map((l) => JSON.parse(l) as { msg: string; error: string; stack?: string });
      expect(records.filter((r) => r.msg === 'uncaught exception; still serving')).toHaveLength(2);
      expect(records.filter((r) => r.msg === 'unhandled rejection; still serving')).toHaveLength(1);
      expect(records[0]!.error).toBe('Error: fault carrying [redacted]');
      expect(records[0]!.stack).toContain('faulty-server.ts');
      expect(output).not.toContain(SECRET);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
