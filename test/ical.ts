import { spawnSync } from 'node:child_process';
import ICAL from 'ical.js';
import { expect } from 'vitest';

/**
 * Calendar files read by validators nobody here wrote: ical.js (Mozilla's parser, used by
 * Thunderbird) always, and Python's icalendar when the machine has it. Beside parsing, the raw
 * text is checked for what parsers forgive: CRLF lines of at most 75 octets, one PRODID.
 */

export interface ParsedCalendar {
  method: string | null;
  prodids: number;
  events: {
    uid: string;
    summary: string;
    status: string | null;
    sequence: number | null;
    organizer: { address: string; cn: string | null } | null;
    attendees: string[];
  }[];
}

export function readCalendar(text: string): ParsedCalendar {
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  for (const line of text.split('\r\n')) {
    expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    expect(line.includes('\n') || line.includes('\r'), JSON.stringify(line)).toBe(false);
  }
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const org = v.getFirstProperty('organizer');
    const seq = v.getFirstPropertyValue('sequence');
    return {
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      status: (v.getFirstPropertyValue('status') as string | null) ?? null,
      sequence: seq === null ? null : Number(seq),
      organizer: org ? { address: String(org.getFirstValue()), cn: (org.getParameter('cn') as string | undefined) ?? null } : null,
      attendees: v.getAllProperties('attendee').map((p) => String(p.getFirstValue())),
    };
  });
  const python = pythonCheck(text);
  if (python) {
    expect(python.events).toBe(events.length);
    expect(python.method).toBe((cal.getFirstPropertyValue('method') as string | null) ?? '');
  }
  return {
    method: (cal.getFirstPropertyValue('method') as string | null) ?? null,
    prodids: cal.getAllProperties('prodid').length,
    events,
  };
}

let pythonWithIcalendar: string | null | undefined;

/**
 * Python's icalendar (Debian's python3-icalendar, which .ci/run installs): how many VEVENTs it
 * reads and the METHOD. Outside CI a machine without it skips this second reader; in CI its absence
 * fails the test rather than passing unchecked.
 */
function pythonCheck(text: string): { events: number; method: string } | null {
  pythonWithIcalendar ??=
    ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import icalendar'], { encoding: 'utf8' }).status === 0) ?? null;
  if (!pythonWithIcalendar) {
    if (process.env.CI) throw new Error("Python's icalendar is missing: install python3-icalendar");
    return null;
  }
  const script = [
    'import sys, json, icalendar',
    'cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())',
    "print(json.dumps({'events': len(cal.walk('VEVENT')), 'method': str(cal.get('METHOD', ''))}))",
  ].join('\n');
  const res = spawnSync(pythonWithIcalendar, ['-c', script], { input: text, encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as { events: number; method: string };
}
