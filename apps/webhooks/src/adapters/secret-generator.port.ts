/** Makes new `whsec_` secrets; a port so tests can make them predictable. */
export interface SecretGenerator {
  /** A new secret with fresh random key bytes. */
  next(): string;
}
