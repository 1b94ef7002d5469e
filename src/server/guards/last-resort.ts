/**
 * The last line of defence for availability: an exception or rejection nobody handled is logged (through
 * the redacting logger, stack cut short) and the server keeps serving everyone else. Each such line is
 * a bug to fix where it was thrown — the guard only stops one request's fault from taking the process
 * down for every user. Startup failures still exit: they happen before this is installed.
 */
import type { Logger } from '../log.ts';

function describe(error: unknown): { error: string; stack?: string } {
  if (error instanceof Error) {
    const stack = error.stack?.split('\n').slice(1, 8).join('\n');
    return { error: `${error.name}: ${error.message}`.slice(0, 500), ...(stack ? { stack } : {}) };
  }
  return { error: String(error).slice(0, 500) };
}

/** Installs process-level handlers on `target` (default: this process); returns the uninstaller. */
export function installLastResortGuard(log: Logger, target: NodeJS.Process = process): () => void {
  const onException = (error: unknown, origin: string) =>
    log({ level: 'error', msg: 'uncaught exception; still serving', origin, ...describe(error) });
  const onRejection = (reason: unknown) =>
    log({ level: 'error', msg: 'unhandled rejection; still serving', ...describe(reason) });
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
