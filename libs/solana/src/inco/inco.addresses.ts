import { Address, type AddressLike, findProgramAddress } from '../address/address';
import { writeUintLE } from '../codec/little-endian.codec';

/*
 * The Inco PDAs without web3.js (the browser SDK's path). inco.pdas.ts gives the same addresses as
 * web3.js PublicKeys for services; its spec checks both against PublicKey.findProgramAddressSync.
 */

/**
 * The IncoToken account of a wallet for a mint: PDA of [wallet, IncoTokenProgramId, mint] under IncoToken.
 *
 * @example
 * const ata = incoTokenAccountAddressOf({ incoToken }, wallet.publicKey, mint);
 */
export function incoTokenAccountAddressOf(ids: { readonly incoToken: AddressLike }, wallet: AddressLike, mint: AddressLike): Address {
  return findProgramAddress([wallet.toBytes(), ids.incoToken.toBytes(), mint.toBytes()], ids.incoToken)[0];
}

/**
 * The Inco Lightning allowance PDA that lets `allowed` decrypt `handle`: [handle u128 LE, allowed].
 *
 * @example
 * const allowance = allowanceAddressOf({ incoLightning }, delegatedAmountHandle, spender);
 */
export function allowanceAddressOf(ids: { readonly incoLightning: AddressLike }, handle: bigint, allowed: AddressLike): Address {
  return findProgramAddress([writeUintLE(handle, 16), allowed.toBytes()], ids.incoLightning)[0];
}

/** The system program (all-zero address). */
export const SYSTEM_PROGRAM_ADDRESS = Address.from(new Uint8Array(32));
