/**
 * DNS rebinding guard. A page on another site can point its own name at 127.0.0.1 and then talk to this
 * server as if it were same-origin (cookies aside) — but the browser still sends that name in Host. So
 * only the names this server is reached by are accepted: the loopback names 127.0.0.1, localhost and
 * [::1] with the port the request came in on, the bind address itself when HOST is one specific address,
 * and the origins listed in BACKDROP_PUBLIC_ORIGIN. Anything else gets 421 Misdirected Request before
 * any route runs, and so does a request whose absolute-form target names another host. /api/health
 * stays open to monitors whatever name they use: it tells nothing but ok/version/uptime.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);
const OPEN_PATHS = new Set(['/api/health']);

/**
 * A Host header value (or an origin's host) normalised for comparison: lower-case name, `:port` unless it
 * is 80 (a Host header carries no scheme); null when it is not a plain host.
 */
function hostKey(value: string): string | null {
  if (!value || /[\s/?#@\\]/.test(value)) return null;
  try {
    return new URL(`http://${value}`).host;
  } catch {
    return null;
  }
}

/** The port the request reached this server on (tests calling app.request() have no socket). */
function arrivalPort(c: Context): number | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.localPort;
}

/** Host keys (besides the loopback names) a server with this config answers for. */
export function fixedHosts(config: Config): string[] {
  const hosts = config.publicOrigins.flatMap((origin) => {
    const url = new URL(origin);
    // Behind a proxy that ends TLS, Host carries the name alone: https://name is also `name`.
    const names = url.protocol === 'https:' && !url.port ? [url.hostname, `${url.hostname}:443`] : [url.host];
    return names.map((name) => hostKey(name)!);
  });
  if (!WILDCARD_HOSTS.has(config.host)) {
    const bind = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
    const key = hostKey(`${bind}:${config.port}`);
    if (key) hosts.push(key);
  }
  return hosts;
}

export function hostCheck(config: Config): MiddlewareHandler {
  const fixed = fixedHosts(config);
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    const port = String(arrivalPort(c) ?? config.port);
    const header = c.req.header('host') ?? '';
    // An absolute-form request target (`GET http://name/… HTTP/1.1`) names the host itself and wins over
    // the Host header (RFC 9112 §3.2.2); browsers send origin-form, where the URL is built from Host.
    const target = new URL(c.req.url).host;
    const allowed = [...new Set([...LOOPBACK_NAMES.map((name) => hostKey(`${name}:${port}`)!), ...fixed])];
    const headerKey = hostKey(header);
    const headerOk = headerKey !== null && allowed.includes(headerKey);
    if (headerOk && allowed.includes(target)) return next();
    const refused = headerOk ? target : header;
    throw new HttpError(421, {
      code: 'unknown-host',
      message: `This Backdrop server answers only for ${allowed.join(', ')}, not for "${refused.slice(0, 100)}". If you open it through a proxy or under another name, add that origin to BACKDROP_PUBLIC_ORIGIN on the server.`,
      path: 'host',
    });
  };
}
