/** Finding records by id or by a unique `idProperty`, and the scopes of object routes. */
import { validationError } from './errors.js';
import { OBJECT_TYPES, resolveObjectType, type ObjectType } from './object-types.js';
import type { RequestContext } from './router.js';
import type { PortalState } from './state.js';
import type { StoredRecord } from './store.js';

/** Throws 400 unless `idProperty` may identify records (unique, `email` for contacts, or the id). */
export function checkIdProperty(state: PortalState, type: ObjectType, idProperty: string | undefined): void {
  if (!idProperty || idProperty === 'hs_object_id') return;
  const def = state.properties.get(type, idProperty);
  if (!def) throw validationError(`Property "${idProperty}" does not exist`);
  if (!def.hasUniqueValue && !(type === 'contacts' && idProperty === 'email'))
    throw validationError(
      `${idProperty} is not a unique property. Only unique properties can be used as idProperty.`,
    );
}

/** The record with this id (or unique value), archived or not; undefined when none. */
export function findRecord(
  state: PortalState,
  type: ObjectType,
  key: string,
  idProperty: string | undefined,
): StoredRecord | undefined {
  const store = state.records.of(type);
  if (!idProperty || idProperty === 'hs_object_id') return store.byId.get(key);
  const id = store.findUnique(idProperty, key);
  return id === undefined ? undefined : store.byId.get(id);
}

/** The object type named by the `objectType` path parameter. */
export function typeParam(ctx: RequestContext, name = 'objectType'): ObjectType {
  return resolveObjectType(ctx.params[name] ?? '');
}

/** Read-scope alternatives of the route's object type. */
export function readScopes(ctx: RequestContext): readonly string[] {
  return OBJECT_TYPES[typeParam(ctx)].readScopes;
}

/** Write-scope alternatives of the route's object type. */
export function writeScopes(ctx: RequestContext): readonly string[] {
  return OBJECT_TYPES[typeParam(ctx)].writeScopes;
}
