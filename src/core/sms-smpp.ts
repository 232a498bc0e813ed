import smpp, { type PDU, type Session } from 'smpp';
import { PermanentJobError } from './jobs.js';
import type { SmsMessage, SmsSender } from './sms.js';
import type { SmsConfig } from './sms-config.js';
import { type SmsEncoding, splitSms } from './sms-text.js';

/**
 * Sends SMS to an operator's SMSC over SMPP 3.4: binds as a transmitter with the system_id and
 * password of SMS_URL, submits each message with submit_sm (data_coding 0, the SMSC's default
 * GSM 03.38 alphabet, or 8, UCS-2; a longer message in concatenated parts with a UDH), and keeps
 * the session for the next messages, closing it after a minute without any. A session that fails
 * to connect or bind, or drops, is opened again for the next message; the job that could not be
 * sent is retried by the job table's back-off. The SMSC's refusals that no retry can change
 * (an invalid destination, a bad length or coding) fail the job at once.
 */

const TIMEOUT_MS = 10_000;
const IDLE_MS = 60_000;

/** data_coding of each encoding: 0, the SMSC's default alphabet (GSM 03.38), or 8, UCS-2. */
const DATA_CODING: Record<SmsEncoding, number> = { 'GSM-7': 0x00, 'UCS-2': 0x08 };

/** Statuses of submit_sm that mean this message can never be delivered as it is. */
const PERMANENT = new Set([
  smpp.ESME_RINVDSTADR,
  smpp.ESME_RINVDSTTON,
  smpp.ESME_RINVDSTNPI,
  smpp.ESME_RINVMSGLEN,
  smpp.ESME_RINVDCS,
  smpp.ESME_RINVNUMDESTS,
]);

/** The session closed under a request: worth one more try on a new session at once. */
class SessionLost extends Error {}

const hex = (status: number) => `0x${status.toString(16).padStart(4, '0')}`;

/** Sends one request PDU and waits for its response, or fails when the session drops or is silent. */
function request(session: Session, send: (done: (pdu: PDU) => void) => boolean): Promise<PDU> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      clearTimeout(timer);
      session.off('close', onClose);
      reject(err);
    };
    const onClose = () => fail(new SessionLost('SMPP: the SMSC closed the connection'));
    const timer = setTimeout(() => fail(new Error(`SMPP: no answer from the SMSC within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    session.once('close', onClose);
    const sent = send((pdu) => {
      clearTimeout(timer);
      session.off('close', onClose);
      resolve(pdu);
    });
    if (!sent) fail(new SessionLost('SMPP: the connection to the SMSC is closed'));
  });
}

/** Connects and binds as a transmitter; a refusal or a failed connection rejects. */
async function bind(url: URL): Promise<Session> {
  const tls = url.protocol === 'ssmpp:';
  const port = Number(url.port) || (tls ? 3550 : 2775);
  const session = smpp.connect({ host: url.hostname, port, tls, ...(tls ? { servername: url.hostname } : {}) });
  // Errors after the connection surface as a failed request or bind; this keeps them from being thrown.
  session.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMPP: cannot reach ${url.hostname}:${port}`)), TIMEOUT_MS);
      session.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve();
      });
      session.once('error', (err: Error) => {
        clearTimeout(timer);
        reject(new Error(`SMPP: cannot reach ${url.hostname}:${port}: ${err.message}`));
      });
    });
    const credentials = { system_id: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    const answer = await request(session, (done) => session.bind_transmitter(credentials, done));
    if (answer.command_status !== smpp.ESME_ROK) {
      throw new Error(`SMPP: the SMSC refused the bind (status ${hex(answer.command_status)})`);
    }
  } catch (err) {
    session.destroy();
    throw err;
  }
  return session;
}

/** The address fields of the sender: alphanumeric (TON 5) or an international number (TON 1, NPI 1). */
function sourceAddress(from: string): Record<string, unknown> {
  if (/^\+?[0-9]+$/.test(from)) return { source_addr_ton: 1, source_addr_npi: 1, source_addr: from.replace(/^\+/, '') };
  return { source_addr_ton: 5, source_addr_npi: 0, source_addr: from };
}

/** The short_message of each part: the text alone, or a concatenation header and the part. */
function shortMessages(text: string): { encoding: SmsEncoding; messages: (Buffer | { udh: Buffer; message: Buffer })[] } {
  const { encoding, parts } = splitSms(text);
  const encode = (part: string) => (encoding === 'GSM-7' ? smpp.encodings.ASCII.encode(part) : smpp.encodings.UCS2.encode(part));
  if (parts.length === 1) return { encoding, messages: [encode(parts[0])] };
  const reference = Math.floor(Math.random() * 256);
  return {
    encoding,
    messages: parts.map((part, i) => ({ udh: Buffer.from([0x05, 0x00, 0x03, reference, parts.length, i + 1]), message: encode(part) })),
  };
}

export function createSmppSender(config: SmsConfig): SmsSender {
  const url = new URL(config.url as string);
  let session: Promise<Session> | null = null;
  let idle: NodeJS.Timeout | null = null;
  const drop = () => {
    const current = session;
    session = null;
    current
      ?.then((s) => {
        s.unbind();
        s.close();
      })
      .catch(() => {});
  };
  const open = async (): Promise<Session> => {
    if (!session) {
      const opening = bind(url);
      session = opening;
      const forget = () => {
        if (session === opening) session = null;
      };
      opening.then((s) => s.once('close', forget), forget);
    }
    const s = await session;
    if (s.socket.writable) return s;
    // Closed by the SMSC before its close was seen: bind again.
    session = null;
    return open();
  };
  const submit = async (message: SmsMessage) => {
    const s = await open();
    const { encoding, messages } = shortMessages(message.text);
    for (const short_message of messages) {
      const pdu = {
        ...sourceAddress(config.from),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: message.to.replace(/^\+/, ''),
        data_coding: DATA_CODING[encoding],
        short_message,
      };
      const answer = await request(s, (done) => s.submit_sm(pdu, done));
      if (answer.command_status === smpp.ESME_ROK) continue;
      const why = `SMPP: the SMSC refused the message (status ${hex(answer.command_status)})`;
      throw PERMANENT.has(answer.command_status) ? new PermanentJobError(why) : new Error(why);
    }
  };
  return {
    send: async (message: SmsMessage) => {
      if (idle) clearTimeout(idle);
      try {
        // A session the SMSC closed while idle is seen only when used: bind again once, at once.
        await submit(message).catch((err) => (err instanceof SessionLost ? submit(message) : Promise.reject(err)));
      } finally {
        idle = setTimeout(drop, IDLE_MS);
        idle.unref();
      }
    },
    close: () => {
      if (idle) clearTimeout(idle);
      drop();
    },
  };
}
