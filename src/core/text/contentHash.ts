// What tells one file's content from another's: the SHA-256 of its bytes (or of a text's UTF-8), in hex, through
// Web Crypto, which Node and the browser's web worker both have.

/** The SHA-256 of `content`, 64 hex digits. */
export async function contentHash(content: Uint8Array | string): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
