import { inspect } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseEnvFile } from './config.ts';
import { fixedHosts } from './middleware/host-check.ts';

const KEY = 'sk-canary-config-0123456789abcdef';

describe('config', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, { envFile: null });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      maxUploadBytes: 25 * 1024 * 1024,
      maxMegapixels: 50,
      fetchAllowHosts: [],
    });
    expect(config.provider('claid')).toEqual({
      apiKey: undefined,
      baseUrl: 'https://api.claid.ai',
      concurrency: 4,
      options: { apiPrefix: '/v1-beta1' },
    });
    expect(config.provider('deep-image')).toEqual({
      apiKey: undefined,
      baseUrl: 'https://deep-image.ai',
      concurrency: 2,
      options: {},
    });
  });

  it('never serialises a key: JSON, inspect, spread, entries', () => {
    const config = loadConfig(
      { CLAID_API_KEY: KEY, DEEP_IMAGE_API_KEY: KEY + 'd', BACKDROP_ACCESS_TOKEN: KEY + 't' },
      { envFile: null },
    );
    expect(config.provider('claid')?.apiKey).toBe(KEY);
    expect(config.secrets()).toEqual([KEY, KEY + 'd', KEY + 't']);
    const exposures = [
      JSON.stringify(config),
      inspect(config),
      String(config),
      JSON.stringify({ ...config }),
      JSON.stringify(Object.entries(config)),
      `${JSON.stringify(config.with({ port: 1 }))}`,
    ];
    for (const text of exposures) expect(text).not.toContain(KEY.slice(3));
    expect(JSON.parse(JSON.stringify(config)).providers.claid.apiKey).toBe('[redacted]');
    expect(JSON.parse(JSON.stringify(config)).accessToken).toBe('[redacted]');
    expect(config.with({ port: 9 }).provider('claid')?.apiKey).toBe(KEY);
  });

  it('reads .env, with the process environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backdrop-env-'));
    const file = join(dir, '.env');
    writeFileSync(
      file,
      '# comment\nexport PORT=9001\nCLAID_API_KEY="abc def"\nCLAID_API_PREFIX=/v1 # current\nHOST=127.0.0.1\n',
    );
    const config = loadConfig({ PORT: '9002' }, { envFile: file });
    expect(config.port).toBe(9002);
    expect(config.provider('claid')?.apiKey).toBe('abc def');
    expect(config.provider('claid')?.options.apiPrefix).toBe('/v1');
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses quoting and comments', () => {
    expect(parseEnvFile('A=\'x # y\'\nB=z # c\n  \n#C=1\nD="l1\\nl2"')).toEqual({
      A: 'x # y',
      B: 'z',
      D: 'l1\nl2',
    });
  });

  it('refuses a non-loopback HOST without an access token, naming the variable', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' }, { envFile: null })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' }, { envFile: null })).toThrow(/BACKDROP_ACCESS_TOKEN/);
    expect(
      loadConfig({ HOST: '0.0.0.0', BACKDROP_ACCESS_TOKEN: 'a-long-enough-token-123' }, { envFile: null })
        .host,
    ).toBe('0.0.0.0');
    expect(loadConfig({ HOST: 'localhost' }, { envFile: null }).host).toBe('localhost');
    expect(loadConfig({ HOST: '::1' }, { envFile: null }).host).toBe('::1');
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, { envFile: null })).toThrow(/PORT must be a number/);
    expect(() => loadConfig({ CLAID_BASE_URL: 'ftp://x' }, { envFile: null })).toThrow(/CLAID_BASE_URL/);
  });

  it('reads BACKDROP_PUBLIC_ORIGIN as origins, and the host names a server answers for beyond loopback', () => {
    const token = { BACKDROP_ACCESS_TOKEN: 'a-long-enough-token-123' };
    const config = loadConfig(
      {
        ...token,
        HOST: '0.0.0.0',
        BACKDROP_PUBLIC_ORIGIN: 'https://Backdrop.example.com/, http://10.0.0.7:8080',
      },
      { envFile: null },
    );
    expect(config.publicOrigins).toEqual(['https://backdrop.example.com', 'http://10.0.0.7:8080']);
    expect(fixedHosts(config)).toEqual(['backdrop.example.com', 'backdrop.example.com:443', '10.0.0.7:8080']);
    const bound = loadConfig({ ...token, HOST: '192.168.1.5', PORT: '9000' }, { envFile: null });
    expect(fixedHosts(bound)).toEqual(['192.168.1.5:9000']);
    expect(fixedHosts(loadConfig({ HOST: '::1' }, { envFile: null }))).toEqual(['[::1]:8787']);
    for (const bad of [
      'backdrop.example.com',
      'https://x.example/app',
      'ftp://x.example',
      'https://u@x.example',
    ])
      expect(() => loadConfig({ BACKDROP_PUBLIC_ORIGIN: bad }, { envFile: null }), bad).toThrow(
        /BACKDROP_PUBLIC_ORIGIN must list the origins users open Backdrop at/,
      );
  });
});
