import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { runCli } from '../helpers.js';

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('SMS configuration', () => {
  it('writes SMS to the outbox when SMS_URL is unset, from "Ponte"', () => {
    expect(loadConfig({}).sms).toEqual({ transport: 'outbox', url: null, token: null, from: 'Ponte' });
  });

  it('takes an SMSC by SMPP, or an HTTP provider with its token, and the sender shown on phones', () => {
    expect(loadConfig({ SMS_URL: 'smpp://comune:pw@smsc.example.it:2775', SMS_FROM: 'ComuneMI' }).sms).toEqual({
      transport: 'smpp',
      url: 'smpp://comune:pw@smsc.example.it:2775',
      token: null,
      from: 'ComuneMI',
    });
    expect(loadConfig({ SMS_URL: 'ssmpp://comune:pw@smsc.example.it' }).sms.transport).toBe('smpp');
    expect(loadConfig({ SMS_URL: 'https://sms.example.it/v1/messages', SMS_TOKEN: 't0k', SMS_FROM: '+393400000000' }).sms).toEqual({
      transport: 'http',
      url: 'https://sms.example.it/v1/messages',
      token: 't0k',
      from: '+393400000000',
    });
  });

  it.each([
    [{ SMS_URL: 'ftp://smsc.example.it' }, 'Invalid configuration: SMS_URL must be smpp://user:password@host:port, ssmpp://… or https://…'],
    [{ SMS_URL: 'smsc.example.it:2775' }, 'Invalid configuration: SMS_URL must be smpp://user:password@host:port, ssmpp://… or https://…'],
    [
      { SMS_URL: 'smpp://smsc.example.it:2775' },
      'Invalid configuration: SMS_URL smpp:// needs the system_id as user, e.g. smpp://user:password@smsc.example.it:2775',
    ],
    [
      { SMS_URL: 'smpp://comune:unapasswordlunga@smsc.example.it' },
      "Invalid configuration: SMS_URL's password has at most 8 characters in SMPP",
    ],
    [
      { SMS_URL: 'smpp://comune-di-roncadelle-bs:pw@smsc.example.it' },
      "Invalid configuration: SMS_URL's system_id (the user) has at most 15 characters in SMPP",
    ],
    [
      { SMS_URL: 'https://sms.example.it/v1' },
      'Invalid configuration: SMS_TOKEN is required with an https:// SMS_URL (sent as Authorization: Bearer)',
    ],
    [
      { SMS_FROM: 'Comune di Milano' },
      'Invalid configuration: SMS_FROM must be up to 11 letters and digits (e.g. ComuneMI) or a phone number in international form',
    ],
  ])('refuses %j in one line', (env, message) => {
    expect(refusal(env)).toBe(message);
  });

  it('refuses a plain http:// provider in production', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'Jq3v9XhT0bLrWm2ZsK7eYc4NdPa8Gf1uQiVo6EtRyH5=' };
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 73 + 11) % 256)).toString('base64');
    expect(refusal({ ...production, DATA_KEY: key, SMS_URL: 'http://sms.example.it/v1', SMS_TOKEN: 't' })).toBe(
      'Invalid configuration: SMS_URL must use https:// in production',
    );
    expect(loadConfig({ SMS_URL: 'http://127.0.0.1:8080/sms', SMS_TOKEN: 't' }).sms.transport).toBe('http');
  });

  it('stops the server at start with that line, and no password printed', async () => {
    const res = await runCli(['serve'], { SMS_URL: 'smpp://comune:segretissimo@smsc.example.it' });
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim()).toBe("Invalid configuration: SMS_URL's password has at most 8 characters in SMPP");
  }, 180_000);
});
