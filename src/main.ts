import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { type Config, ConfigError, loadConfig } from './config.js';
import { Problem } from './core/problems.js';
import type { CreateDbOptions, Db } from './db/index.js';

// Only the configuration is loaded up front: a bad environment is reported before the database
// drivers, the web framework and every module are loaded, and commands load what they use.
const load = {
  app: () => import('./app.js'),
  auth: () => import('./core/auth.js'),
  db: () => import('./db/index.js'),
  migrate: () => import('./db/migrate.js'),
  demo: () => import('./demo/seed.js'),
  accounts: () => import('./modules/accounts/service.js'),
  municipalities: () => import('./modules/organisations/municipalities.js'),
  facilitation: () => import('./modules/facilitation/cli.js'),
  rotateKeys: () => import('./modules/rotate-keys.js'),
  backup: () => import('./ops/backup.js'),
  lifecycle: () => import('./ops/lifecycle.js'),
  serverLock: () => import('./ops/server-lock.js'),
};

const USAGE = `Usage: npm run ponte -- <command>
  serve                         start the web server (default for npm start)
  worker                        run only the background jobs (beside web servers with WORKERS=false)
  backup --out FILE             copy the database while it serves (SQLite; pg_dump for PostgreSQL)
  restore FILE                  replace the SQLite database with a backup (refused while a server runs)
  migrate                       create or update the database tables
  seed-demo                     fill an empty database with the demo programme
  user create --email E | --phone P --name N --role R [--organisation ID] [--password P]
                                (--phone: an account that signs in by mobile number; --email
                                below also takes a mobile number)
  user update --email E [--national-id ID] [--national-name "Cognome Nome"]
                                the identity on the national platform: a codice fiscale or
                                numeric id, and the name as registered there ("" clears)
  user reset-2fa --email E       turn off someone's two-step verification (lost phone and codes)
  token create --email E [--name LABEL]
  import municipalities FILE    refresh comuni from ISTAT's "Elenco comuni italiani" CSV
  export facilitation --programme ID --from D --to D --format national|opendata|csv [--out FILE]
                                stream facilitation records (standard output unless --out)
  import facilitation FILE [--dry-run] [--programme ID]
                                records in the national bulk-upload layout; all or nothing
  rotate-data-key --new-key BASE64
                                move everything derived from DATA_KEY (codici fiscali, secrets,
                                keyed hashes, private links) under a new key`;

class UsageError extends Error {}
class DatabaseUnavailable extends Error {}

/** The database address without its password, for messages. */
function describeDatabase(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

function reason(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return reason(err.errors[0]);
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}

/** Opens the database, runs migrations and loads the reference data a fresh install needs. */
export async function openDatabase(config: Config, options: CreateDbOptions = {}): Promise<Db> {
  // A file that is not a database, a directory, a server that does not answer or refuses the
  // login: configuration mistakes, reported in one line rather than as a stack trace.
  const { createDb, pingDb } = await load.db();
  let db: Db;
  try {
    db = createDb(config.databaseUrl, options);
    await pingDb(db);
  } catch (err) {
    throw new DatabaseUnavailable(`Cannot open the database ${describeDatabase(config.databaseUrl)}: ${reason(err)}`);
  }
  await (await load.migrate()).migrate(db);
  await (await load.municipalities()).ensureMunicipalities(db);
  return db;
}

async function printLogins(logins: { email: string; role: string; organisation: string }[]): Promise<void> {
  const { DEMO_PASSWORD } = await load.demo();
  console.log('\nDemo programme loaded. Staff logins (password for all: %s):', DEMO_PASSWORD);
  for (const l of logins) console.log(`  ${l.email.padEnd(34)} ${l.role}`);
  console.log('');
}

/**
 * How far V8 lets the old generation grow past what survived its last full collection before it
 * collects again. Left to itself it allows up to four times that when collecting looks slow beside
 * the program's allocation, which is what a server under load looks like: about 50 MiB reachable
 * became over 100 MiB of heap, most of it garbage, and the process's peak memory rose with every
 * load it met. A fifth more means more frequent full collections of a small heap. Node refuses
 * this flag in NODE_OPTIONS, and V8 reads it at each collection, so it is set here for the
 * long-running commands rather than in the start command.
 */
const HEAP_GROWING_PERCENT = 20;
const keepHeapClose = () => setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

async function serve(config: Config): Promise<void> {
  keepHeapClose();
  // A long-running server keeps SQLite's log copying off the thread that answers requests.
  const db = await openDatabase(config, { checkpointInBackground: true });
  if (config.seedDemo) {
    const { isEmpty, seedDemo } = await load.demo();
    if (await isEmpty(db)) await printLogins((await seedDemo(db)).logins);
  }
  const app = await (await load.app()).buildApp({ config, db });
  let metrics: { close(): Promise<void> } | undefined;
  const unmark = (await load.serverLock()).markDatabaseInUse(config.databaseUrl);
  // The jobs stop beside the HTTP server (not after its last connection closes): the job running
  // now finishes, the rest of its batch goes back to the queue; connections end after their
  // answer in flight (ops/lifecycle.ts).
  const { drainHttp, stopOnSignals } = await load.lifecycle();
  stopOnSignals(async () => {
    await Promise.all([app.deps.jobs.stop(), metrics?.close(), drainHttp(app.server)]);
    await app.close();
    await db.destroy();
    unmark();
  });
  await app.listen({ port: config.port, host: config.host });
  console.log(`Ponte is listening on ${config.baseUrl} (database: ${db.dialect})`);
  if (config.metricsListen) {
    const { listenMetrics } = await import('./core/metrics.js');
    metrics = await listenMetrics(app, config, config.metricsListen);
    console.log(`Metrics on http://${config.metricsListen.host}:${config.metricsListen.port}/metrics`);
  }
}

/** `ponte worker`: the job queue alone, for a layout of web processes with WORKERS=false. */
async function worker(config: Config): Promise<void> {
  keepHeapClose();
  const db = await openDatabase(config);
  const app = await (await load.app()).buildApp({ config: { ...config, workers: true }, db });
  const unmark = (await load.serverLock()).markDatabaseInUse(config.databaseUrl);
  (await load.lifecycle()).stopOnSignals(async () => {
    await app.close();
    await db.destroy();
    unmark();
  });
  // Ready starts the job queue (app.ts); no port is opened.
  await app.ready();
  console.log(`Ponte worker is running jobs (database: ${db.dialect}, worker ${app.deps.jobs.workerId})`);
}

async function run(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  if (command === 'serve') return serve(config);
  if (command === 'worker') return worker(config);
  // Before the database is opened: a backup copies it as it is, a restore replaces it unopened.
  const args = [sub, ...rest].filter((a): a is string => a !== undefined);
  if (command === 'backup') return (await load.backup()).backupCommand(config, args);
  if (command === 'restore') return (await load.backup()).restoreCommand(config, args);
  // Refused before the database is even opened: production never gets demo accounts.
  if (command === 'seed-demo' && config.production) throw new UsageError('seed-demo is refused with NODE_ENV=production');

  const db = await openDatabase(config);
  try {
    switch (command) {
      case 'migrate':
        console.log('Database is up to date.');
        return;
      case 'seed-demo': {
        const { isEmpty, seedDemo } = await load.demo();
        if (!(await isEmpty(db))) throw new UsageError('the database already holds organisations: demo not loaded');
        await printLogins((await seedDemo(db)).logins);
        return;
      }
      case 'user': {
        const accounts = await load.accounts();
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: 'string' },
            phone: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string' },
            organisation: { type: 'string' },
            password: { type: 'string' },
            'national-id': { type: 'string' },
            'national-name': { type: 'string' },
          },
        });
        if (sub === 'create') {
          const login = values.email ?? values.phone;
          if (!login || !values.name || !values.role) throw new UsageError('user create needs --email (or --phone), --name and --role');
          if (values.password) {
            // A password given on the command line meets the same policy as one chosen on a page.
            const problem = await accounts.passwordProblem(values.password, { email: values.email ?? '', name: values.name });
            if (problem) throw new UsageError(`--password: ${problem}`);
          }
          const { id, password } = await accounts.createUser(db, {
            email: values.email,
            phone: values.phone,
            name: values.name,
            role: values.role as Parameters<typeof accounts.createUser>[1]['role'],
            organisation: values.organisation,
            password: values.password,
          });
          console.log(`User ${login} created (id ${id}).`);
          if (!values.password) console.log(`Generated password: ${password}`);
          return;
        }
        if (sub === 'update') {
          const nationalId = values['national-id'];
          const nationalName = values['national-name'];
          if (!values.email || (nationalId === undefined && nationalName === undefined)) {
            throw new UsageError('user update needs --email and --national-id, --national-name or both');
          }
          await accounts.setNationalIdentityByEmail(db, values.email, { nationalId, nationalName });
          console.log(`User ${values.email} updated.`);
          return;
        }
        if (sub === 'reset-2fa') {
          if (!values.email) throw new UsageError('user reset-2fa needs --email');
          const user = await accounts.findUserBySignIn(db, values.email);
          if (!user) throw new UsageError(`no user with e-mail ${values.email}`);
          const { resetByOperator } = await import('./modules/accounts/totp.js');
          const reset = await resetByOperator(db, user.id);
          console.log(reset ? `Two-step verification of ${values.email} turned off.` : `${values.email} had no two-step verification.`);
          return;
        }
        throw new UsageError(`unknown command: user ${sub ?? ''}`);
      }
      case 'token': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } } });
        if (sub !== 'create' || !values.email) throw new UsageError('usage: token create --email E');
        const user = await (await load.accounts()).findUserBySignIn(db, values.email);
        if (!user) throw new UsageError(`no user with e-mail ${values.email}`);
        const token = await (await load.auth()).createApiToken(db, user.id, values.name ?? 'cli');
        console.log(`Personal API token for ${user.email ?? user.phone} (shown once; send it as "Authorization: Bearer <token>"):`);
        console.log(token);
        return;
      }
      case 'export': {
        if (sub !== 'facilitation')
          throw new UsageError('usage: export facilitation --programme ID --from D --to D --format national|opendata|csv');
        await (await load.facilitation()).exportCommand(config, db, rest);
        return;
      }
      case 'rotate-data-key': {
        await (await load.rotateKeys()).rotateCommand(
          config,
          db,
          [sub, ...rest].filter((a): a is string => a !== undefined),
        );
        return;
      }
      case 'import': {
        if (sub === 'facilitation') {
          process.exitCode = await (await load.facilitation()).importCommand(config, db, rest);
          return;
        }
        if (sub !== 'municipalities' || !rest[0])
          throw new UsageError('usage: import municipalities FILE | import facilitation FILE [--dry-run]');
        let bytes: Buffer;
        try {
          bytes = readFileSync(rest[0]);
        } catch (err) {
          throw new UsageError(`cannot read ${rest[0]}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        const { decodeIstat, importMunicipalities, IstatFormatError, parseIstatCsv } = await load.municipalities();
        let rows: ReturnType<typeof parseIstatCsv>;
        try {
          rows = parseIstatCsv(decodeIstat(bytes));
        } catch (err) {
          if (err instanceof IstatFormatError) throw new UsageError(`Import refused: ${err.message}`);
          throw err;
        }
        const report = await importMunicipalities(db, rows);
        console.log(
          `Municipalities: ${report.added} added, ${report.updated} updated, ${report.deactivated} marked inactive, ${report.unchanged} unchanged.`,
        );
        return;
      }
      default:
        throw new UsageError(`unknown command: ${command}\n${USAGE}`);
    }
  } finally {
    await db.destroy();
  }
}

run(process.argv.slice(2)).catch(async (err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof UsageError ||
    err instanceof DatabaseUnavailable ||
    (err instanceof Error && err.name === 'CliError')
  ) {
    console.error(err.message);
  } else if (err instanceof Problem) {
    // Services refuse with dictionary keys, and the command line loads no module's words up front: a
    // message still a key (its dictionary was not loaded when it was checked) is read here, on the
    // error's path only. Literal text is not a key and passes through unchanged.
    const [{ loadMessages }, { t }] = await Promise.all([import('./modules/index.js'), import('./core/i18n.js')]);
    loadMessages();
    const fields = err.errors?.map((e) => `${e.field}: ${t('it', e.key ?? e.message, e.vars)}`).join('; ');
    console.error(`${err.detail ?? err.title}${fields ? ` (${fields})` : ''}`);
  } else if (err instanceof Error && /ECONNREFUSED|ENOTFOUND|password authentication|does not exist/.test(err.message)) {
    console.error(`Cannot open the database: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
