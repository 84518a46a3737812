// A short fingerprint of a long string, to tell two of them apart without keeping them (names/keptMentions.ts).

/**
 * A 64-bit fingerprint of a string (two 32-bit lanes and its length), as 20 hexadecimal digits: what tells two sets
 * of names apart without keeping them.
 */
export function fingerprintOf(text: string): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x2545f491 | 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 13;
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}${(text.length & 0xffff).toString(16).padStart(4, '0')}`;
}
