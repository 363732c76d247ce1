export * from './errors.js';
export { DEFAULT_MAX_LIFETIME_SECONDS, MIN_SECRET_LENGTH, mintIdentityToken, type Identity, type MintIdentityTokenOptions } from './identity.js';
export { IdentityVerifier, type IdentityOptions } from './identity-verifier.js';
