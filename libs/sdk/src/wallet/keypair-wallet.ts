import { ed25519Sign } from '@quietpay/x402';
import { QuietpaySdkError } from '../errors/sdk.error';
import { SolanaTransaction } from '../solana/solana-transaction';
import type { SignableTransaction, WalletPublicKey, WalletSigner } from './wallet-signer.types';

/** A keypair as web3.js's `Keypair` holds one: the public key and the 64-byte secret key (seed ‖ public key). */
export interface KeypairLike {
  readonly publicKey: WalletPublicKey;
  readonly secretKey: Uint8Array;
}

// web3.js transactions a caller built itself still sign (Node scripts, tests): a legacy one with
// partialSign (the fee payer signs later), a versioned one with sign.
interface Web3Signable {
  partialSign?: (...signers: KeypairLike[]) => void;
  sign?: (signers: KeypairLike[]) => void;
}

/**
 * Wraps a keypair (agents, scripts, tests) as a `WalletSigner`, usable by the session and the
 * private client alike. A web3.js `Keypair` fits as is; nothing of web3.js is imported.
 *
 * @example
 * const wallet = keypairWallet(Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8')))));
 */
export function keypairWallet(keypair: KeypairLike): WalletSigner {
  const signer = keypair.publicKey.toBase58();
  return {
    publicKey: keypair.publicKey,
    signMessage: (message) => Promise.resolve(ed25519Sign(message, keypair.secretKey)),
    signTransaction: <T extends SignableTransaction>(transaction: T): Promise<T> => {
      if (transaction instanceof SolanaTransaction) transaction.addSignature(signer, ed25519Sign(transaction.messageBytes, keypair.secretKey));
      else {
        const web3 = transaction as Web3Signable;
        if (typeof web3.partialSign === 'function') web3.partialSign(keypair);
        else if (typeof web3.sign === 'function') web3.sign([keypair]);
        else
          return Promise.reject(
            new QuietpaySdkError('wallet_refused', 'keypairWallet signs SolanaTransaction and web3.js transactions only', {}, false, { phase: 'sign' }),
          );
      }
      return Promise.resolve(transaction);
    },
  };
}
