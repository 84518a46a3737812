// A short fingerprint of a long string, to tell two of them apart without keeping them (names/keptMentions.ts).

/**
 * A fingerprint taken of a string given in parts, one `add` at a time: the same as `fingerprintOf` their
 * concatenation, so a long string can be fingerprinted in steps (the library's names, as their signature is made).
 */
export class Fingerprinter {
  private a = 0x811c9dc5 | 0;
  private b = 0x2545f491 | 0;
  private length = 0;

  /** Takes `text` in, after what was added before. */
  add(text: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
      b ^= b >>> 13;
    }
    this.a = a;
    this.b = b;
    this.length += text.length;
    return this;
  }

  /** The fingerprint of everything added so far. */
  get value(): string {
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    return `${hex(this.a)}${hex(this.b)}${(this.length & 0xffff).toString(16).padStart(4, '0')}`;
  }
}

/**
 * A 64-bit fingerprint of a string (two 32-bit lanes and its length), as 20 hexadecimal digits: what tells two sets
 * of names apart without keeping them.
 */
export function fingerprintOf(text: string): string {
  return new Fingerprinter().add(text).value;
}
