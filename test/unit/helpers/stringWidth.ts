// Whether V8 stores a string one byte a unit: its serializer writes a one-byte string with the tag '"' and a two-byte
// one with 'c', after the header (0xFF, version) and any padding (0) that aligns a two-byte string's units.
import * as v8 from 'node:v8';

export function isOneByte(text: string): boolean {
  const bytes = v8.serialize(text);
  let at = 2;
  while (bytes[at] === 0) at++;
  const tag = String.fromCharCode(bytes[at]);
  if (tag !== '"' && tag !== 'c') throw new Error(`unexpected tag ${tag}`);
  return tag === '"';
}
