import { accountMethods } from './methods/account.methods';
import { chainMethods } from './methods/chain.methods';
import { transactionMethods } from './methods/transaction.methods';
import { Params } from './params.parser';
import { RPC, RpcError } from './rpc-error';
import type { RpcContext, RpcHandler } from './rpc-context';

type Id = string | number | null;
interface RpcResponse {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

const MAX_BATCH = 100;

const METHODS: ReadonlyMap<string, RpcHandler> = new Map(Object.entries({ ...chainMethods, ...accountMethods, ...transactionMethods }));

function errorResponse(id: Id, e: RpcError): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code: e.code, message: e.message, ...(e.data !== undefined ? { data: e.data } : {}) } };
}

function idOf(req: Record<string, unknown>): Id {
  const id = req['id'];
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** Routes JSON-RPC requests (single or batch) to method handlers; never throws. */
export class RpcDispatcher {
  constructor(private readonly ctx: RpcContext) {}

  async handleText(body: string): Promise<string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return JSON.stringify(errorResponse(null, new RpcError(RPC.PARSE, 'Parse error')));
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0 || parsed.length > MAX_BATCH) {
        return JSON.stringify(errorResponse(null, new RpcError(RPC.INVALID_REQUEST, 'Invalid request')));
      }
      const out: RpcResponse[] = [];
      for (const item of parsed) out.push(await this.handleOne(item));
      return JSON.stringify(out);
    }
    return JSON.stringify(await this.handleOne(parsed));
  }

  async handleOne(request: unknown): Promise<RpcResponse> {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return errorResponse(null, new RpcError(RPC.INVALID_REQUEST, 'Invalid request'));
    }
    const req = request as Record<string, unknown>;
    const id = idOf(req);
    const method = req['method'];
    if (req['jsonrpc'] !== '2.0' || typeof method !== 'string') {
      return errorResponse(id, new RpcError(RPC.INVALID_REQUEST, 'Invalid request'));
    }
    const handler = METHODS.get(method);
    if (handler === undefined) return errorResponse(id, new RpcError(RPC.METHOD_NOT_FOUND, 'Method not found'));
    try {
      const result = await handler(Params.from(req['params']), this.ctx);
      return { jsonrpc: '2.0', id, result };
    } catch (e) {
      if (e instanceof RpcError) return errorResponse(id, e);
      process.stderr.write(`localnet rpc: ${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      return errorResponse(id, new RpcError(RPC.INTERNAL, 'Internal error'));
    }
  }
}
