// The settings every benchmark server runs with (server.ts has the same for tsx): loopback only,
// no logs, no background workers, no rate limits, no demo seeding (the harness seeds).
export const BENCH_SERVER_SETTINGS = {
  HOST: '127.0.0.1',
  RATE_LIMIT_MAX: '0',
  LOG_LEVEL: 'silent',
  WORKERS: 'false',
  SEED_DEMO: 'false',
};

// listenForBench (child.ts) for the plain-Node servers: loopback only, "ready <port>" for the
// harness, a clean stop on SIGTERM, SIGINT or the harness going away.
export async function listen(app, onClose = async () => {}) {
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
  process.stdout.on('error', stop);
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
}
