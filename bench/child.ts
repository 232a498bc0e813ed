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

/**
 * The Node flags `npm start` and the container run the server with (package.json's start script,
 * the Dockerfile's NODE_OPTIONS): a young generation of 4 MiB a half instead of 16. The second is
 * what `ponte serve` sets for itself (src/main.ts: the old generation grows a fifth past what
 * survived its last full collection), given here because the bench's server is built without
 * main.ts. Together they keep the whole app's resident memory under load below 160 MiB. The
 * installed-layout figures use them too.
 */
export const INSTALLED_NODE_ARGS = ['--max-semi-space-size=4', '--heap-growing-percent=20'];
