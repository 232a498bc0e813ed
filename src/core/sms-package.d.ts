/** The part of the `smpp` package (CommonJS, untyped) that core/sms-smpp.ts and core/sms-smsc.ts use. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** A protocol data unit: its command, status and the fields of the SMPP specification by name. */
  export interface PDU {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
  }

  export interface Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transmitter(options: Record<string, unknown>, responseCallback: (pdu: PDU) => void): boolean;
    submit_sm(options: Record<string, unknown>, responseCallback: (pdu: PDU) => void): boolean;
    unbind(responseCallback?: (pdu: PDU) => void): boolean;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  interface Coding {
    encode(text: string): Buffer;
    decode(bytes: Buffer): string;
  }

  interface Smpp {
    connect(options: { host: string; port: number; tls?: boolean; servername?: string }, listener?: () => void): Session;
    createServer(listener: (session: Session) => void): Server;
    encodings: { ASCII: Coding; UCS2: Coding };
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RINVPASWD: number;
    ESME_RINVDSTADR: number;
    ESME_RINVDSTTON: number;
    ESME_RINVDSTNPI: number;
    ESME_RINVMSGLEN: number;
    ESME_RINVDCS: number;
    ESME_RINVSRCADR: number;
    ESME_RINVSRCTON: number;
    ESME_RINVNUMDESTS: number;
    ESME_RSYSERR: number;
    ESME_RTHROTTLED: number;
    ESME_RMSGQFUL: number;
  }

  const smpp: Smpp;
  export default smpp;
}
