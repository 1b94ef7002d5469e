/**
 * A tiny HTTP server with the last-resort guard installed, whose routes throw outside any handler's
 * reach: `/throw` (an exception from a timer), `/reject` (a rejection nobody awaits), `/ok`. Run as its
 * own process by security/last-resort.test.ts; prints `listening <port>` and then its log lines.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { installLastResortGuard } from '../guards/last-resort.ts';
import { createLogger } from '../log.ts';

const secret = process.env.FAULTY_SECRET ?? '';
installLastResortGuard(createLogger([secret]));
const server = http.createServer((req, res) => {
  if (req.url === '/throw')
    setTimeout(() => {
      throw new Error(`fault carrying ${secret}`);
    });
  if (req.url === '/reject') void Promise.reject(new Error(`rejection carrying ${secret}`));
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
