/** Public surface of the vault. */
export { Vault, type RotationResult, type VaultOptions } from './vault.js';
export {
  createKeyFile,
  generateMasterKey,
  loadKeyring,
  parseMasterKey,
  readKeyFile,
  siblingKeyFile,
  type Keyring,
} from './keyring.js';
export { keyIdOf, type MasterKey } from './envelope.js';
export type { KeyUsage } from './retirement.js';
