// totp.mjs - time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps,
// 6 digits) computed in node, so the API tests can log in as staff and
// administrators the way an authenticator app would. login.test.mjs checks it
// against RFC 6238's test vectors and against `helhet user otp`.
import { createHmac } from 'node:crypto';

export const STEP = 30;

// Decodes RFC 4648 base32 (upper or lower case, padding and spaces ignored).
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of clean) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// HOTP (RFC 4226) of a raw key and a counter.
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(off) & 0x7fffffff) % 10 ** digits;
  return String(bin).padStart(digits, '0');
}

// The time step of a moment (seconds since the epoch; default now).
export function stepAt(seconds = Date.now() / 1000) {
  return Math.floor(seconds / STEP);
}

// The code of a base32 secret for a time step (default: the current one).
export function totp(secret, step = stepAt(), digits = 6) {
  return hotp(base32Decode(secret), step, digits);
}
