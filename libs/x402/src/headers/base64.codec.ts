// Standard base64 over bytes with the platform's atob/btoa (Node 16+, browsers, Web Workers): the
// header codec runs in the SDK's browser bundle, where Buffer does not exist.

// btoa/atob speak "binary strings" (one char per byte); chunked so a large input never spreads
// more arguments than String.fromCharCode accepts.
const CHUNK = 0x8000;

/** Standard base64 (with padding) of bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Bytes of standard base64; throws on characters outside the alphabet (callers check the form first). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
