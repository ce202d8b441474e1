/** Public surface of the config area. */
export * from './env.js';
export * from './flows.schema.js';
export * from './issues.js';
export * from './load.js';
export * from './schema.js';
export * from './secret-ref.js';
export * from './secrets.js';
export * from './url.js';
export * from './warnings.js';
export * from './store-setting.js';
