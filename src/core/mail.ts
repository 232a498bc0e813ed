import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import { callExported } from '../ops/exported-call.js';
import { sideThread } from '../ops/side-thread.js';
import { newId } from './ids.js';
import type { BatchReads, JobQueue } from './jobs.js';
import { lazyRequire } from './lazy.js';
import { composable, envelopeOf, writeMime } from './mime.js';

// nodemailer loads with the first message sent: a web process that leaves mail to workers never does.
const nodemailer = lazyRequire<typeof import('nodemailer')>('nodemailer');

/**
 * An attachment's bytes made where the message is composed, in the side thread (ops/side-thread.ts):
 * the exported function `name` of the module at `moduleUrl`, called with `args`, returns them. A QR
 * ticket is drawn there, beside the message that carries it, rather than drawn in one call and
 * copied back to be written into the message in another.
 */
export interface MadeContent {
  moduleUrl: string;
  name: string;
  args: unknown[];
}

export interface MailAttachment {
  filename: string;
  /**
   * Text, or base64 when `encoding` is 'base64' (attachments travel through the job table as
   * JSON), or bytes made when the message is composed (encoded in base64 then).
   */
  content: string | MadeContent;
  encoding?: 'base64';
  contentType?: string;
  /** Content-ID, to show an image inline (e.g. a QR ticket) with <img src="cid:…">. */
  cid?: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * SMTP when SMTP_URL is set (production, and tests with an in-process server); otherwise every
 * message is written as an .eml file under OUTBOX_DIR, so nothing is lost in development.
 */
export function createMailer(config: Config): Mailer {
  const from = config.mailFrom;
  if (config.smtpUrl) {
    const smtpUrl = config.smtpUrl;
    let transport: Transporter | undefined;
    return {
      send: async (mail) => {
        // One connection kept open and reused, messages sent over it in the order given: a batch
        // of jobs hands its messages over one after the other without waiting for each (see
        // JobRun.finishing), and a connection for each message cost more than the message.
        transport ??= nodemailer().createTransport({ pool: true, maxConnections: 1, url: smtpUrl });
        // A message of the plain shape is written by core/mime.ts in the side thread and handed
        // over whole (nodemailer only speaks SMTP); anything else nodemailer composes.
        if (composable(from, mail)) {
          const raw = await sideThread().call<string>(import.meta.url, 'composeMessage', [from, await shared(mail), '\r\n']);
          await transport.sendMail({ envelope: envelopeOf(from, mail), raw });
        } else await transport.sendMail({ from, ...(await withContents(mail, madeInSideThread)) });
      },
      close: () => transport?.close(),
    };
  }
  let transport: Transporter | undefined;
  return {
    send: async (mail) => {
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId().slice(-8)}.eml`;
      // A message of the plain shape is composed and written in one call to the side thread.
      if (composable(from, mail))
        return sideThread().call(import.meta.url, 'writeComposed', [config.outboxDir, name, from, await shared(mail)]);
      transport ??= nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      const message = (await transport.sendMail({ from, ...(await withContents(mail, madeInSideThread)) })).message as Buffer;
      await writeOutbox(config.outboxDir, name, message);
    },
    close: () => transport?.close(),
  };
}

/** A made content's bytes, where they are needed (made here: see composeMessage). */
type Maker = (made: MadeContent) => Promise<Uint8Array>;

/** The content made in this thread (the side thread's own making, or the main thread's when that one is behind). */
const madeHere: Maker = (made) => callExported(made.moduleUrl, made.name, made.args) as Promise<Uint8Array>;

/** For a message the main thread hands to nodemailer: the bytes are made in the side thread and copied back. */
const madeInSideThread: Maker = (made) => sideThread().call<Uint8Array>(made.moduleUrl, made.name, made.args);

/** A mail whose attachments are all text or base64. */
export type MadeMail = Omit<Mail, 'attachments'> & { attachments?: (Omit<MailAttachment, 'content'> & { content: string })[] };

/**
 * Side-thread calls waiting beyond which the main thread makes a message's contents itself: a
 * backlog of confirmations keeps the side thread busy while the main thread, which only reads and
 * renders them, idles; the QR tickets, about half of what the side thread does for a message, are
 * then drawn on both threads. Below it (while the main thread answers requests, say) the side
 * thread keeps up and makes them all.
 */
const SIDE_THREAD_BEHIND = 24;

/** The mail as handed to the side thread: its contents made here when that thread is behind (SIDE_THREAD_BEHIND). */
function shared(mail: Mail): Mail | Promise<MadeMail> {
  return sideThread().waiting > SIDE_THREAD_BEHIND ? withContents(mail, madeHere) : mail;
}

/** The mail with every made content in base64, as nodemailer and writeMime take it. */
async function withContents(mail: Mail, make: Maker): Promise<MadeMail> {
  const attachments = mail.attachments;
  if (!attachments?.some((a) => typeof a.content !== 'string')) return mail as MadeMail;
  return {
    ...mail,
    attachments: await Promise.all(
      attachments.map(async (a) => {
        if (typeof a.content === 'string') return { ...a, content: a.content };
        const bytes = await make(a.content);
        return {
          ...a,
          content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
          encoding: 'base64' as const,
        };
      }),
    ),
  };
}

/** The MIME message of a composable mail (core/mime.ts), its made contents made here: run in the side thread. */
export async function composeMessage(from: string, mail: Mail, newline: '\r\n' | '\n'): Promise<string> {
  return writeMime(from, await withContents(mail, madeHere), newline);
}

/** A composable mail composed and written into the outbox: run in the side thread, one call for the whole of it. */
export async function writeComposed(dir: string, name: string, from: string, mail: Mail): Promise<void> {
  writeOutboxFile(dir, name, await composeMessage(from, mail, '\n'));
}

/** Folders of the outbox already made by this thread. */
const outboxes = new Set<string>();

/**
 * Writes one file into the outbox from the side thread (ops/side-thread.ts), so the file system's
 * share of a backlog of mail is not on the main thread, which answers requests.
 */
async function writeOutbox(dir: string, name: string, message: string | Buffer): Promise<void> {
  await sideThread().call(import.meta.url, 'writeOutboxFile', [dir, name, message]);
}

/** writeOutbox's writing, where it runs: the folder is made once, or again when it has gone. */
export function writeOutboxFile(dir: string, name: string, message: string | Uint8Array): void {
  if (!outboxes.has(dir)) {
    mkdirSync(dir, { recursive: true });
    outboxes.add(dir);
  }
  try {
    writeFileSync(join(dir, name), message);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), message);
  }
}

export const MAIL_JOB = 'mail.send';

/**
 * Registers the job that delivers mail queued whole (for an address stored nowhere else, such as
 * a self-assessment's result sent to whoever asks). Its payload is the message itself, so it is
 * blanked as soon as the mail has left; mail about a stored record goes by registerRenderedMail.
 */
export function registerMailJob(jobs: JobQueue, mailer: Mailer): void {
  jobs.register(
    MAIL_JOB,
    async (payload) => {
      await mailer.send(payload as Mail);
    },
    { forgetPayload: true },
  );
}

/**
 * Renders the mail of a job when it runs. Mail about a person's booking or appointment goes this
 * way: the job's payload holds only ids and the kind of message, and the address, the name and the
 * private link are read from the record as it is when the mail leaves. So none of them waits in the
 * job table, a change made meanwhile (a move, a cancellation) is what the person reads, and once the
 * record's personal data is erased the job finds nothing and sends nothing. `render` answers null
 * when there is nothing (more) to send; `batch` holds the reads the jobs of one claimed batch share
 * (`readsOnly`: the rendering writes nothing, so the batch's reads stay valid after it; see JobQueue.register).
 */
export function registerRenderedMail<P>(
  jobs: JobQueue,
  mailer: Mailer,
  kind: string,
  render: (payload: P, batch: BatchReads) => Promise<Mail | null>,
  opts: { readsOnly?: boolean } = {},
): void {
  jobs.register(
    kind,
    async (payload, job) => {
      const mail = await render(payload as P, job.batch);
      // The message is written now; its file or its SMTP exchange finishes while the next job renders.
      if (mail) job.finishing(mailer.send(mail));
    },
    opts,
  );
}
