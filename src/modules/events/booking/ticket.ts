import type QRCodeLib from 'qrcode';
import { lazyRequire } from '../../../core/lazy.js';

// The QR encoder (and its PNG writer) loads with the first code drawn, not at start.
const qrcode = lazyRequire<typeof QRCodeLib>('qrcode');

/**
 * The QR ticket: the registration's short code, readable by any QR scanner at the door and easy
 * to read out loud when a phone has no signal.
 */
export function ticketText(ticketCode: string): string {
  return `PONTE ${ticketCode}`;
}

export async function ticketPng(ticketCode: string): Promise<Buffer> {
  return qrcode().toBuffer(ticketText(ticketCode), { type: 'png', width: 240, margin: 2, errorCorrectionLevel: 'M' });
}

/** For pages: a data: URL of the same image (the CSP allows data: images). */
export async function ticketDataUrl(ticketCode: string): Promise<string> {
  return qrcode().toDataURL(ticketText(ticketCode), { width: 240, margin: 2, errorCorrectionLevel: 'M' });
}

/** An SVG of the same code, for printing. */
export async function ticketSvg(ticketCode: string): Promise<string> {
  return qrcode().toString(ticketText(ticketCode), { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
