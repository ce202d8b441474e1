/**
 * Typed QAD master-data records the flows consume: the QAD connector's normalised shapes.
 * Re-exported here so flows import them from the engine's surface.
 */
export type { QadAccount, QadContact, QadItem } from '../connectors/qad/types.js';
