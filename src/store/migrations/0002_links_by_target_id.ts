/**
 * Target-id lookups get an index that leads with target_id, and links no longer has a second
 * index leading with (connection, flow). With the old links_by_target (connection, flow,
 * target_id), PostgreSQL without table statistics (never analysed, or a first big load ahead of
 * autovacuum) costed "links_by_target on (connection, flow) + filter" the same as a primary-key
 * probe and could pick it for source-key lookups: every probe then read the whole flow.
 */
import type { Kysely, Migration } from 'kysely';

export function migration0002(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('links_by_target_id')
        .on('links')
        .columns(['target_id', 'connection', 'flow'])
        .execute();
      await db.schema.dropIndex('links_by_target').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('links_by_target')
        .on('links')
        .columns(['connection', 'flow', 'target_id'])
        .execute();
      await db.schema.dropIndex('links_by_target_id').execute();
    },
  };
}
