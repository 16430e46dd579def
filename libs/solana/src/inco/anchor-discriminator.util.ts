import { sha256 } from '@noble/hashes/sha256';

/**
 * Anchor's instruction discriminator: the first 8 bytes of sha256("global:<snake_case_name>").
 *
 * @example
 * anchorInstructionDiscriminator('transfer'); // Uint8Array [163, 52, 200, 231, 140, 3, 69, 186]
 */
export function anchorInstructionDiscriminator(name: string): Uint8Array {
  return sha256(new TextEncoder().encode(`global:${name}`)).slice(0, 8);
}

/**
 * Anchor's account discriminator: the first 8 bytes of sha256("account:<StructName>").
 *
 * @example
 * anchorAccountDiscriminator('IncoAccount'); // Uint8Array [18, 233, 131, 18, 230, 173, 249, 89]
 */
export function anchorAccountDiscriminator(structName: string): Uint8Array {
  return sha256(new TextEncoder().encode(`account:${structName}`)).slice(0, 8);
}
