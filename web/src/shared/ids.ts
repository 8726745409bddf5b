/**
 * A new client_id: 22 characters of A-Za-z0-9_- (128 random bits, base64url), within the 1-64
 * characters docs/api.md allows. Uses crypto.getRandomValues, which (unlike crypto.randomUUID)
 * also works on pages served over plain http.
 */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
