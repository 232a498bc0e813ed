import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';

/**
 * A small SMSC: an SMPP server (the `smpp` package's own server side) that accepts one
 * system_id and password and keeps every message submitted, its concatenated parts joined. The
 * tests and the browser tests point SMS_URL at it to read what a person's phone would show; it
 * can also refuse the next binds or the messages to a number, as an operator does.
 */

export interface ReceivedSms {
  /** The destination in E.164 (`+393331234567`). */
  to: string;
  from: string;
  text: string;
  /** data_coding of the submit_sm: 0 (GSM 03.38) or 8 (UCS-2). */
  dataCoding: number;
  /** The submit_sm PDUs it came in. */
  parts: number;
}

interface Pending {
  parts: Map<number, string>;
  total: number;
}

export class LocalSmsc {
  readonly messages: ReceivedSms[] = [];
  /** Binds made and refused since start. */
  binds = 0;
  private refusedBinds = 0;
  private refusals = new Map<string, number>();
  private pending = new Map<string, Pending>();
  private server = smpp.createServer((session) => this.serve(session));
  port = 0;

  constructor(
    readonly systemId = 'ponte',
    readonly password = 'secret',
  ) {}

  /** Listens on a free port of 127.0.0.1 and answers the SMS_URL that reaches it. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return `smpp://${this.systemId}:${this.password}@127.0.0.1:${this.port}`;
  }

  /** Refuses the next `n` binds with ESME_RBINDFAIL, as an SMSC that is down or full. */
  refuseBinds(n: number): void {
    this.refusedBinds = n;
  }

  /** Answers every submit_sm to this number (E.164) with `status` (default ESME_RINVDSTADR). */
  refuseNumber(e164: string, status = smpp.ESME_RINVDSTADR): void {
    this.refusals.set(e164.replace(/^\+/, ''), status);
  }

  /** Messages received for a number (E.164). */
  to(e164: string): ReceivedSms[] {
    return this.messages.filter((m) => m.to === e164);
  }

  clear(): void {
    this.messages.length = 0;
    this.pending.clear();
    this.refusals.clear();
    this.refusedBinds = 0;
    this.binds = 0;
  }

  /** Closes every open session, as an SMSC that restarts: senders must bind again. */
  async disconnect(): Promise<void> {
    const closing = this.server.sessions.map((session) => new Promise<void>((resolve) => session.destroy(() => resolve())));
    await Promise.all(closing);
  }

  /** Closes the server and every open session. */
  async stop(): Promise<void> {
    for (const session of [...this.server.sessions]) session.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(session: Session): void {
    session.on('error', () => {});
    session.on('bind_transmitter', (pdu: PDU) => this.bind(session, pdu));
    session.on('bind_transceiver', (pdu: PDU) => this.bind(session, pdu));
    session.on('submit_sm', (pdu: PDU) => session.send(pdu.response(this.submit(pdu))));
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private bind(session: Session, pdu: PDU): void {
    this.binds++;
    const refused = this.refusedBinds > 0 || pdu.system_id !== this.systemId || pdu.password !== this.password;
    if (this.refusedBinds > 0) this.refusedBinds--;
    session.send(pdu.response(refused ? { command_status: smpp.ESME_RBINDFAIL } : { system_id: 'ponte-smsc' }));
    if (refused) session.close();
  }

  /** Keeps a submitted message (or part) and answers its status and message id. */
  private submit(pdu: PDU): Record<string, unknown> {
    const destination = String(pdu.destination_addr);
    const refusal = this.refusals.get(destination);
    if (refusal !== undefined) return { command_status: refusal };
    const body = pdu.short_message as { message: string; udh?: Buffer[] };
    const concat = body.udh?.find((h) => h[0] === 0x00);
    const received = { to: `+${destination}`, from: String(pdu.source_addr), dataCoding: Number(pdu.data_coding) };
    if (!concat) {
      this.messages.push({ ...received, text: body.message, parts: 1 });
    } else {
      const [, , reference, total, index] = concat;
      const key = `${destination}:${reference}`;
      const pending = this.pending.get(key) ?? { parts: new Map(), total };
      pending.parts.set(index, body.message);
      this.pending.set(key, pending);
      if (pending.parts.size === total) {
        this.pending.delete(key);
        const text = [...pending.parts.entries()]
          .sort(([a], [b]) => a - b)
          .map(([, part]) => part)
          .join('');
        this.messages.push({ ...received, text, parts: total });
      }
    }
    return { message_id: `m${this.messages.length + this.pending.size}` };
  }
}
