import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { SmsConfig } from '../src/core/sms-config.js';
import { LocalSmsc } from '../src/core/sms-smsc.js';
import { localInstant, romeDate, setClockOffset } from '../src/core/time.js';
import { testConfig } from './helpers.js';

/** The clock at 10:00 in Rome today, moved on by `ms`: SMS due at night wait for the morning. */
export const daytime = (ms = 0) => setClockOffset(localInstant(romeDate(Date.now()), '10:00') - Date.now() + ms);

export interface SmsWorld {
  /** The in-process SMPP server: what it received, by number (`to`) or all (`messages`). */
  readonly smsc: LocalSmsc;
  /** The SMS configuration that sends to it, for `testConfig`/a test world's `sms`. */
  readonly sms: SmsConfig;
}

/**
 * A real SMPP server for the tests of a describe block, called at its top: started before the
 * block's own set-up (so `sms` is ready for it) and stopped after; each test starts at 10:00 in
 * Rome, and after each the clock is put back and the received messages forgotten.
 *
 *   const s = smsWorld();
 *   beforeAll(async () => { w = await world(dialect, { sms: s.sms }); });
 *   ... s.smsc.to('+393331234567')
 */
export function smsWorld(): SmsWorld {
  let smsc: LocalSmsc | undefined;
  let sms: SmsConfig | undefined;
  beforeAll(async () => {
    smsc = new LocalSmsc();
    sms = testConfig({}, { SMS_URL: await smsc.start() }).sms;
  });
  afterAll(async () => {
    await smsc?.stop();
  });
  beforeEach(() => daytime());
  afterEach(() => {
    setClockOffset(0);
    smsc?.clear();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('smsWorld() is read before its beforeAll ran');
    return value;
  };
  return {
    get smsc() {
      return ready(smsc);
    },
    get sms() {
      return ready(sms);
    },
  };
}
