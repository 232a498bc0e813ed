import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import { newId } from './ids.js';
import type { BatchReads, JobQueue } from './jobs.js';
import { lazyRequire } from './lazy.js';
import { composable, envelopeOf, writeMime } from './mime.js';

// nodemailer loads with the first message sent: a web process that leaves mail to workers never does.
const nodemailer = lazyRequire<typeof import('nodemailer')>('nodemailer');

export interface MailAttachment {
  filename: string;
  /** Text, or base64 when `encoding` is 'base64' (attachments travel through the job table as JSON). */
  content: string;
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
        transport ??= nodemailer().createTransport(smtpUrl);
        // A message of the plain shape is written by core/mime.ts and handed over whole (nodemailer
        // only speaks SMTP); anything else nodemailer composes.
        if (composable(from, mail)) await transport.sendMail({ envelope: envelopeOf(from, mail), raw: writeMime(from, mail) });
        else await transport.sendMail({ from, ...mail });
      },
      close: () => transport?.close(),
    };
  }
  let transport: Transporter | undefined;
  return {
    send: async (mail) => {
      let message: string | Buffer;
      if (composable(from, mail)) message = writeMime(from, mail, '\n');
      else {
        transport ??= nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
        message = (await transport.sendMail({ from, ...mail })).message as Buffer;
      }
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId().slice(-8)}.eml`;
      await writeOutbox(config.outboxDir, name, message);
    },
    close: () => transport?.close(),
  };
}

/** Folders of the outbox already made by this process. */
const outboxes = new Set<string>();

/**
 * Writes one file into the outbox through libuv's thread pool, so the file system's share of a
 * backlog of mail is not on the main thread; the folder is made once, or again when it has gone.
 */
async function writeOutbox(dir: string, name: string, message: string | Buffer): Promise<void> {
  if (!outboxes.has(dir)) {
    await mkdir(dir, { recursive: true });
    outboxes.add(dir);
  }
  try {
    await writeFile(join(dir, name), message);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), message);
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
 * when there is nothing (more) to send; `batch` holds the reads the jobs of one claimed batch share.
 */
export function registerRenderedMail<P>(
  jobs: JobQueue,
  mailer: Mailer,
  kind: string,
  render: (payload: P, batch: BatchReads) => Promise<Mail | null>,
): void {
  jobs.register(kind, async (payload, job) => {
    const mail = await render(payload as P, job.batch);
    if (mail) await mailer.send(mail);
  });
}
