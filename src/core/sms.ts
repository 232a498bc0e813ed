import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Deps } from './deps.js';
import { newId } from './ids.js';
import { type EnqueueOptions, enqueueJob, type JobQueue, type JobSpec, PermanentJobError } from './jobs.js';
import { parseMobile } from './phone.js';
import type { SmsConfig } from './sms-config.js';
import { smsLength } from './sms-text.js';
import { localInstant, nowIso, romeDate } from './time.js';

/**
 * SMS to the people who gave a phone number and no e-mail: confirmations, reminders, promotions
 * from a waiting list, changes of an appointment. Like mail about a booking (registerRenderedMail
 * in mail.ts), an SMS is a job of the job table whose payload holds only the kind of message and
 * ids; the module that owns the record registers a renderer that reads the number and writes the
 * text when the job runs. So no number and no text waits in the table, a change made meanwhile is
 * what the person reads, and a message about a booking erased since finds no one and is dropped.
 *
 *   // the module's jobs(deps):
 *   registerRenderedSms(deps, 'events.confirmed', async ({ registrationId }) => …{ to, text } or null);
 *   // in the transaction of the booking:
 *   await enqueueSms(trx, 'events.confirmed', { registrationId }, { dedupeKey: `reg:${id}:sms:confirmed` });
 *
 * Where it goes is SMS_URL (sms-config.ts): an SMSC by SMPP (sms-smpp.ts), an HTTP provider, or
 * files in OUTBOX_DIR.
 */

/** One SMS to send: `to` in E.164. */
export interface SmsMessage {
  to: string;
  text: string;
}

export interface SmsSender {
  /** Rejects with a PermanentJobError when trying again cannot help, with an Error otherwise. */
  send(message: SmsMessage): Promise<void>;
  close(): void;
}

/** What a renderer answers: the number as stored (any way people write it) and the text. */
export interface RenderedSms {
  to: string;
  text: string;
}

/** Renders an SMS from its payload's ids when the job runs; null when there is nothing (more) to send. */
export type SmsRenderer<P> = (payload: P) => Promise<RenderedSms | null>;

/** The job kind of every SMS; its payload is `{ sms: <kind of message>, …ids }`. */
export const SMS_JOB = 'sms.send';

const REQUEST_TIMEOUT_MS = 10_000;

function outboxSender(sms: SmsConfig, outboxDir: string): SmsSender {
  return {
    send: async (message) => {
      const length = smsLength(message.text);
      const head = `To: ${message.to}\nFrom: ${sms.from}\nEncoding: ${length.encoding}, ${length.units} characters, ${length.segments} SMS\n\n`;
      mkdirSync(outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId().slice(-8)}.sms.txt`;
      writeFileSync(join(outboxDir, name), `${head}${message.text}\n`);
    },
    close: () => {},
  };
}

/**
 * An HTTP provider: `POST SMS_URL` with `{"to": "+393331234567", "from": SMS_FROM, "text": "…"}`
 * and `Authorization: Bearer SMS_TOKEN`. Any 2xx is sent; 400 and 422 (the provider refuses this
 * message, e.g. the number) fail the job for good; anything else, or no answer in 10 s, is retried.
 */
function httpSender(sms: SmsConfig): SmsSender {
  return {
    send: async (message) => {
      const res = await fetch(sms.url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sms.token}` },
        body: JSON.stringify({ to: message.to, from: sms.from, text: message.text }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return;
      // The answer's body is not kept: a provider may repeat the number in it.
      const why = `SMS provider answered HTTP ${res.status}`;
      throw res.status === 400 || res.status === 422 ? new PermanentJobError(why) : new Error(why);
    },
    close: () => {},
  };
}

/** The SMPP sender, its library loaded with the first message (most installations send none by SMPP). */
function lazySmppSender(sms: SmsConfig): SmsSender {
  let sender: Promise<SmsSender> | null = null;
  return {
    send: async (message) => {
      sender ??= import('./sms-smpp.js').then((m) => m.createSmppSender(sms));
      await (await sender).send(message);
    },
    close: () => {
      sender?.then((s) => s.close()).catch(() => {});
    },
  };
}

/** The sender SMS_URL describes: SMPP, HTTP, or files in OUTBOX_DIR when it is unset. */
export function createSmsSender(config: Config): SmsSender {
  if (config.sms.transport === 'smpp') return lazySmppSender(config.sms);
  if (config.sms.transport === 'http') return httpSender(config.sms);
  return outboxSender(config.sms, config.outboxDir);
}

/**
 * The application's SMS: the sender, and the renderers modules register. It handles the
 * `sms.send` jobs: renders the message, checks the number is a mobile one (a number that is not
 * fails the job at once, without retry) and sends.
 */
export class SmsService {
  private renderers = new Map<string, SmsRenderer<never>>();

  constructor(
    jobs: JobQueue,
    readonly sender: SmsSender,
  ) {
    jobs.register(SMS_JOB, (payload) => this.deliver(payload as { sms: string }));
  }

  register<P>(kind: string, render: SmsRenderer<P>): void {
    this.renderers.set(kind, render as SmsRenderer<never>);
  }

  private async deliver(payload: { sms: string }): Promise<void> {
    const { sms: kind, ...ids } = payload;
    const render = this.renderers.get(kind);
    if (!render) throw new Error(`no SMS renderer registered for ${kind}`);
    const message = await render(ids as never);
    if (!message) return;
    const to = parseMobile(message.to);
    // The number is not written in the error: last_error stays in the job table.
    if (!to.ok) throw new PermanentJobError(`SMS ${kind}: the stored number cannot receive SMS (${to.key})`);
    await this.sender.send({ to: to.e164, text: message.text });
  }

  close(): void {
    this.sender.close();
  }
}

/**
 * Registers how a kind of SMS is written (the module's jobs(deps)); mirrors registerRenderedMail.
 * The renderer receives the payload's ids and answers the number and the text, or null.
 */
export function registerRenderedSms<P>(deps: Pick<Deps, 'sms'>, kind: string, render: SmsRenderer<P>): void {
  if (!deps.sms) throw new Error('these dependencies have no SMS service (buildApp gives one)');
  deps.sms.register(kind, render);
}

type Ids = Record<string, string | number>;

/** Refuses a payload that carries more than ids: text (a blank in it) or something written like a phone number. */
function smsPayload(kind: string, ids: Ids): { sms: string } & Ids {
  for (const [key, value] of Object.entries(ids)) {
    if (typeof value === 'string' && (/\s/.test(value) || /^\+?[0-9]{6,}$/.test(value))) {
      throw new Error(`SMS ${kind}: the payload holds ids only, and ${key} looks like text or a phone number`);
    }
  }
  return { sms: kind, ...ids };
}

/** Hours of the day (Rome) in which SMS are sent: a phone buzzing at night is not a service. */
export const SMS_HOURS = { from: '08:00', until: '21:00' } as const;

/** The instant itself when it falls within SMS_HOURS in Rome, otherwise the next 08:00 in Rome. */
export function smsDaytime(iso: string = nowIso()): string {
  const ms = Date.parse(iso);
  const day = romeDate(ms);
  const start = localInstant(day, SMS_HOURS.from);
  if (ms < start) return new Date(start).toISOString();
  if (ms < localInstant(day, SMS_HOURS.until)) return iso;
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return new Date(localInstant(next, SMS_HOURS.from)).toISOString();
}

export interface SmsEnqueueOptions extends EnqueueOptions {
  /** Send even at night (default: a message falling due outside SMS_HOURS waits for 08:00). */
  anyHour?: boolean;
}

/** Queues an SMS about a record, inside the transaction that causes it; at night it waits for the morning. */
export async function enqueueSms(
  executor: Parameters<typeof enqueueJob>[0],
  kind: string,
  ids: Ids,
  opts: SmsEnqueueOptions = {},
): Promise<void> {
  const { anyHour, ...rest } = opts;
  const runAt = anyHour ? rest.runAt : smsDaytime(rest.runAt ?? nowIso());
  await enqueueJob(executor, SMS_JOB, smsPayload(kind, ids), { ...rest, runAt });
}

/**
 * The same SMS job as a row for the statements that write their jobs themselves (jobs.ts's
 * JobSpec), due at `runAt` or, at night, the next morning.
 */
export function smsJob(kind: string, ids: Ids, runAt: string, dedupeKey: string | null, opts: { anyHour?: boolean } = {}): JobSpec {
  return { kind: SMS_JOB, payload: smsPayload(kind, ids), runAt: opts.anyHour ? runAt : smsDaytime(runAt), dedupeKey };
}
