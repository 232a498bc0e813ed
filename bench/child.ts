import type { FastifyInstance } from 'fastify';

/** Only loopback: a benchmark server is never reachable from another machine. */
export const BENCH_HOST = '127.0.0.1';

/**
 * Listens on the loopback port given by PORT (0 picks a free one), prints "ready <port>" for the
 * harness, and closes cleanly on SIGTERM or SIGINT.
 */
export async function listenForBench(app: FastifyInstance, onClose: () => Promise<void> = async () => {}): Promise<void> {
  const stop = async () => {
    try {
      await app.close();
      await onClose();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The harness going away (its stdout pipe closing) must not leave a server behind.
  process.stdout.on('error', stop);
  await app.listen({ port: Number(process.env.PORT ?? 0), host: BENCH_HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`ready ${port}\n`);
}
