import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/**
 * How a long-running Ponte process (`serve`, `worker`) stops. On SIGTERM (an orchestrator, systemd,
 * `docker stop`) or Ctrl-C it stops taking work, finishes what it has begun, and closes the
 * database; past the deadline it exits anyway. Work it had not begun is not lost: requests not yet
 * accepted go to another process (or are retried), jobs claimed but not started go back to the
 * queue (core/jobs.ts, stop), and a job cut short is claimed again once its lease runs out.
 */
export const SHUTDOWN_DEADLINE_MS = 10_000;

export function stopOnSignals(stop: () => Promise<void>, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C is someone who will not wait.
    if (stopping) process.exit(1);
    stopping = true;
    const deadline = setTimeout(() => {
      console.error(`Ponte did not stop within ${deadlineMs / 1000} s of ${signal}: exiting now.`);
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** How long a keep-alive connection left idle after the signal stays open for a request already on its way. */
const IDLE_GRACE_MS = 1_000;

/**
 * Stops an HTTP server taking connections and lets the open ones end cleanly: every answer from
 * now on says `Connection: close`, so a client sends its next request elsewhere, and a connection
 * that stays idle is closed after a moment. Node's own close() would drop idle keep-alive
 * connections at once, racing a client that is just then sending a request on one (it would see
 * a reset, not an answer). Resolves when the last connection has closed.
 */
export function drainHttp(server: HttpServer): Promise<void> {
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  const idle = setTimeout(() => server.closeIdleConnections(), IDLE_GRACE_MS);
  return new Promise((ok) =>
    NetServer.prototype.close.call(server, () => {
      clearTimeout(idle);
      ok();
    }),
  );
}
