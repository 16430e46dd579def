import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { Connection, LAMPORTS_PER_SOL, PublicKey } from '@solana/web3.js';
import type { Router } from 'express';
import type { GatewayConfig } from '../../config.schema';
import { ApiError } from '../../http/api-error';
import type { AdminRoutes } from '../http/admin-routes.port';

interface TokenBalance {
  readonly mint: string;
  readonly account: string;
  readonly amount: string;
  readonly decimals: number;
  readonly program: string;
}

interface ParsedTokenAmount {
  readonly info?: { readonly mint?: string; readonly tokenAmount?: { readonly amount?: string; readonly decimals?: number } };
}

/**
 * The facilitator's SOL (it pays every fee and rent) and its SPL token accounts of the mints this
 * gateway knows (USDC_MINT). IncoToken balances are encrypted on chain and not shown.
 */
@Injectable()
export class BalanceAdminRoutes implements AdminRoutes {
  private readonly connection: Connection | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {
    this.connection = config.SOLANA_RPC_URL === undefined ? undefined : new Connection(config.SOLANA_RPC_URL, 'confirmed');
  }

  mount(router: Router): void {
    router.get('/balances', async (_req, res) => {
      const { connection, config } = this;
      if (connection === undefined || config.FACILITATOR_PUBKEY === undefined) {
        throw new ApiError('not_configured', 'balances need SOLANA_RPC_URL and FACILITATOR_PUBKEY');
      }
      const owner = new PublicKey(config.FACILITATOR_PUBKEY);
      const lamports = BigInt(await this.rpc(() => connection.getBalance(owner)));
      const tokens = config.USDC_MINT === undefined ? [] : await this.tokens(connection, owner, config.USDC_MINT);
      res.json({
        facilitator: config.FACILITATOR_PUBKEY,
        lamports: lamports.toString(),
        sol: solOf(lamports),
        lowBalance: lamports < config.ADMIN_LOW_SOL_LAMPORTS,
        tokens,
      });
    });
  }

  private async tokens(connection: Connection, owner: PublicKey, mint: string): Promise<TokenBalance[]> {
    const { value } = await this.rpc(() => connection.getParsedTokenAccountsByOwner(owner, { mint: new PublicKey(mint) }));
    return value.map(({ pubkey, account }) => {
      const info = (account.data as { parsed?: ParsedTokenAmount }).parsed?.info;
      return {
        mint: info?.mint ?? mint,
        account: pubkey.toBase58(),
        amount: info?.tokenAmount?.amount ?? '0',
        decimals: info?.tokenAmount?.decimals ?? 0,
        program: account.owner.toBase58(),
      };
    });
  }

  private async rpc<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch {
      throw new ApiError('dependency_unavailable', 'the Solana RPC did not answer');
    }
  }
}

function solOf(lamports: bigint): string {
  const whole = lamports / BigInt(LAMPORTS_PER_SOL);
  const fraction = (lamports % BigInt(LAMPORTS_PER_SOL)).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
