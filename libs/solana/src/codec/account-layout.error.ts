/** Thrown when account bytes do not match the expected layout. */
export class AccountLayoutError extends Error {
  override readonly name = 'AccountLayoutError';
}
