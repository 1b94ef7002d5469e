/** A tiny sign-in page for token mode: the token goes in once, an HttpOnly HMAC cookie comes back. */
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { SESSION_COOKIE, sameSecret, sessionValue } from '../middleware/access-token.ts';

const page = (message: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · Backdrop</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem">
<h1>Backdrop</h1>
<p>This server needs its access token (BACKDROP_ACCESS_TOKEN).</p>
${message ? `<p role="alert" style="color: #b00020">${message}</p>` : ''}
<form method="post" action="/sign-in">
<label for="token">Access token</label><br>
<input id="token" name="token" type="password" autocomplete="current-password" required style="width: 100%; padding: .5rem">
<p><button type="submit">Sign in</button></p>
</form></body></html>`;

export function signInRoutes(config: Config) {
  const app = new Hono<AppEnv>();
  app.get('/sign-in', (c) =>
    c.html(
      config.accessToken
        ? page('')
        : page('This server runs without an access token; nothing to sign in to.'),
    ),
  );
  app.post('/sign-in', async (c) => {
    const token = config.accessToken;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const given = typeof form.token === 'string' ? form.token : '';
    if (!token || !given || !sameSecret(given, token)) return c.html(page('That token is not right.'), 401);
    setCookie(c, SESSION_COOKIE, sessionValue(token), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 30 * 24 * 3600,
    });
    return c.redirect('/', 303);
  });
  return app;
}
