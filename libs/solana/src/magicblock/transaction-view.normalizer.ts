import bs58 from 'bs58';

/**
 * One shape for the several forms a `getTransaction` result takes: web3.js `ParsedTransactionWithMeta`
 * (jsonParsed), web3.js `TransactionResponse`/`VersionedTransactionResponse`, and the raw JSON-RPC
 * `json` encoding. Only what settlement parsing needs is kept.
 */
export interface InstructionView {
  readonly programId: string;
  readonly accounts: readonly string[];
  /** Undefined for instructions the RPC returned already parsed (no raw data). */
  readonly data: Uint8Array | undefined;
  readonly stackHeight: number | undefined;
}

export interface TokenBalanceView {
  readonly account: string;
  readonly mint: string;
  readonly owner: string | undefined;
  readonly amount: bigint;
}

export interface TransactionView {
  readonly signature: string;
  readonly slot: number;
  readonly failed: boolean;
  readonly logs: readonly string[] | undefined;
  readonly instructions: readonly InstructionView[];
  /** Inner instructions keyed by the index of their top-level instruction. */
  readonly inner: ReadonlyMap<number, readonly InstructionView[]>;
  readonly preTokenBalances: readonly TokenBalanceView[];
  readonly postTokenBalances: readonly TokenBalanceView[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A key as string, PublicKey (has toBase58) or `{pubkey}` (parsed account key). */
function keyString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isObj(v) && typeof v['toBase58'] === 'function') return (v['toBase58'] as () => string)();
  if (isObj(v) && 'pubkey' in v) return keyString(v['pubkey']);
  return undefined;
}

function decodeData(v: unknown): Uint8Array | undefined {
  if (typeof v === 'string') {
    try {
      return bs58.decode(v);
    } catch {
      return undefined;
    }
  }
  return v instanceof Uint8Array ? v : undefined;
}

function instructionView(raw: unknown, keys: readonly string[]): InstructionView | undefined {
  if (!isObj(raw)) return undefined;
  const stackHeight = typeof raw['stackHeight'] === 'number' ? raw['stackHeight'] : undefined;
  const byIndex = (i: unknown): string | undefined => (typeof i === 'number' ? keys[i] : undefined);
  const programId = 'programIdIndex' in raw ? byIndex(raw['programIdIndex']) : keyString(raw['programId']);
  if (programId === undefined) return undefined;
  const rawAccounts = arr(raw['accounts'] ?? raw['accountKeyIndexes']);
  const accounts = rawAccounts.map((a) => (typeof a === 'number' ? byIndex(a) : keyString(a)));
  if (accounts.some((a) => a === undefined)) return undefined;
  return { programId, accounts: accounts as string[], data: decodeData(raw['data']), stackHeight };
}

function accountKeys(message: Obj, meta: Obj): string[] {
  const statics = arr(message['accountKeys'] ?? message['staticAccountKeys']).map(keyString);
  const loaded = isObj(meta['loadedAddresses']) ? meta['loadedAddresses'] : {};
  // Address-table keys follow the static ones: writable first, then readonly (the RPC's index order).
  const tail = [...arr(loaded['writable']), ...arr(loaded['readonly'])].map(keyString);
  return [...statics, ...tail].map((k) => k ?? '');
}

function tokenBalances(raw: unknown, keys: readonly string[]): TokenBalanceView[] {
  return arr(raw).flatMap((b): TokenBalanceView[] => {
    if (!isObj(b) || typeof b['accountIndex'] !== 'number' || typeof b['mint'] !== 'string') return [];
    const ui = isObj(b['uiTokenAmount']) ? b['uiTokenAmount'] : {};
    const account = keys[b['accountIndex']];
    if (account === undefined || typeof ui['amount'] !== 'string' || !/^\d+$/.test(ui['amount'])) return [];
    const owner = typeof b['owner'] === 'string' ? b['owner'] : undefined;
    return [{ account, mint: b['mint'], owner, amount: BigInt(ui['amount']) }];
  });
}

/** Normalises a getTransaction result; undefined when it lacks the basic fields (e.g. `null`). */
export function toTransactionView(result: unknown): TransactionView | undefined {
  if (!isObj(result) || !isObj(result['transaction']) || !isObj(result['meta'])) return undefined;
  const tx = result['transaction'];
  const meta = result['meta'];
  const message = isObj(tx['message']) ? tx['message'] : {};
  const signature = arr(tx['signatures'])[0];
  if (typeof signature !== 'string' || typeof result['slot'] !== 'number') return undefined;
  const keys = accountKeys(message, meta);
  const rawIxs = arr(message['instructions'] ?? message['compiledInstructions']);
  const instructions = rawIxs.map((i) => instructionView(i, keys));
  if (instructions.some((i) => i === undefined)) return undefined;
  const inner = new Map<number, InstructionView[]>();
  for (const group of arr(meta['innerInstructions'])) {
    if (!isObj(group) || typeof group['index'] !== 'number') continue;
    const views = arr(group['instructions']).map((i) => instructionView(i, keys));
    inner.set(
      group['index'],
      views.filter((v): v is InstructionView => v !== undefined),
    );
  }
  const logs = Array.isArray(meta['logMessages']) ? meta['logMessages'].filter((l): l is string => typeof l === 'string') : undefined;
  return {
    signature,
    slot: result['slot'],
    failed: meta['err'] !== null && meta['err'] !== undefined,
    logs,
    instructions: instructions as InstructionView[],
    inner,
    preTokenBalances: tokenBalances(meta['preTokenBalances'], keys),
    postTokenBalances: tokenBalances(meta['postTokenBalances'], keys),
  };
}
