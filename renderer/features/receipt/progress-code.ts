import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * What the receipt's QR code holds, and the short check printed under it (查询码).
 *
 * Content: `TB1:<case number>:<check>`, e.g. `TB1:DX-20261126-01-0007:K7Q2XM`. Plain text, so any scanner (the
 * kiosk's, a phone's) reads it, and nothing about the applicant is in it. The check is the first 30 bits of
 * SHA-256 over the case id, written as six Crockford base-32 characters. Case ids (UUID v7 with 74 random bits) are
 * never printed or shown to citizens, so the check proves that whoever asks about a case number holds its receipt:
 * a progress lookup (a kiosk, or a later web page) finds the case by number and compares the check before showing
 * anything, and guessing case numbers, which follow a pattern, gets nowhere. No hub is needed to make or verify it.
 * `TB1` is a version tag: another format can be introduced beside it.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PROGRESS_CHECK_LENGTH = 6;
export const PROGRESS_QR_PREFIX = 'TB1';

export function progressCheckCode(caseId: string): string {
  const digest = sha256(utf8ToBytes(`tongban-progress:${caseId}`));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < PROGRESS_CHECK_LENGTH) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === PROGRESS_CHECK_LENGTH) break;
  }
  return out;
}

export function progressQrPayload(caseNumber: string, caseId: string): string {
  return `${PROGRESS_QR_PREFIX}:${caseNumber}:${progressCheckCode(caseId)}`;
}

/** Reads a scanned or typed payload; null when it is not ours. Case-insensitive, and O/I/L read as 0/1/1. */
export function parseProgressQrPayload(text: string): { caseNumber: string; check: string } | null {
  const match = /^TB1:([A-Z]{2}-\d{8}-\d{2}-\d{4,6}):([0-9A-Z]{6})$/i.exec(text.trim());
  if (!match) return null;
  const check = match[2]!.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return { caseNumber: match[1]!.toUpperCase(), check };
}

/** Whether a check code (as typed or scanned) belongs to the case. */
export function verifyProgressCheck(caseId: string, check: string): boolean {
  const normalised = check.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return normalised === progressCheckCode(caseId);
}
