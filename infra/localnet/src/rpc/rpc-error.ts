/** A JSON-RPC error with the codes Solana validators use. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const RPC = {
  PARSE: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL: -32603,
  PREFLIGHT_FAILED: -32002,
  SIGNATURE_FAILURE: -32003,
  VERSION_UNSUPPORTED: -32015,
} as const;

export function invalidParams(message: string): RpcError {
  return new RpcError(RPC.INVALID_PARAMS, `Invalid params: ${message}`);
}
