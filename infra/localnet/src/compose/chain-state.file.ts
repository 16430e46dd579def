import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PersistedChain } from '../chain/local-chain';

// One file: a JSON header line with history and counters, then LiteSVM's own snapshot bytes (base64).
export function saveChainState(path: string, state: PersistedChain): void {
  mkdirSync(dirname(path), { recursive: true });
  const { svm, ...rest } = state;
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(rest)}\n${Buffer.from(svm).toString('base64')}`);
  renameSync(tmp, path);
}

export function loadChainState(path: string): PersistedChain | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const nl = text.indexOf('\n');
  if (nl < 0) throw new Error(`${path}: not a localnet state file`);
  const header = JSON.parse(text.slice(0, nl)) as Omit<PersistedChain, 'svm'>;
  return { ...header, svm: Buffer.from(text.slice(nl + 1), 'base64') };
}
