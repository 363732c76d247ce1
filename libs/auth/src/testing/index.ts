export * from './local-oidc-issuer.js';
