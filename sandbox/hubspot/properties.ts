/** Property definitions and groups per object type: seeded defaults plus Properties-API creations. */
import { DEFAULT_GROUPS, DEFAULT_PROPERTIES, type PropertySeed } from './default-properties.js';
import { ApiError, conflict, errorBody, notFound, validationError } from './errors.js';
import { OBJECT_TYPE_NAMES, type ObjectType } from './object-types.js';

/** One enumeration option (SPEC `Option`). */
export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** A property as the Properties API returns it (SPEC `Property`). */
export interface PropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  formField: boolean;
  dataSensitivity: string;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
    readOnlyOptions?: boolean;
  };
  createdAt?: string;
  updatedAt?: string;
  archived: boolean;
}

/** A property group (SPEC `PropertyGroup`). */
export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** HubSpot allows at most this many unique-value properties per object type. */
export const MAX_UNIQUE_PROPERTIES = 10;
const TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number'];
const FIELD_TYPES = [
  'booleancheckbox',
  'calculation_equation',
  'checkbox',
  'date',
  'file',
  'html',
  'number',
  'phonenumber',
  'radio',
  'select',
  'text',
  'textarea',
];

function fromSeed(seed: PropertySeed, group: string, order: number): PropertyDef {
  const ro = seed.readOnly === true;
  return {
    name: seed.name,
    label: seed.label,
    type: seed.type,
    fieldType: seed.fieldType,
    description: '',
    groupName: seed.group ?? group,
    options: (seed.options ?? []).map((v, i) => ({ label: v, value: v, displayOrder: i, hidden: false })),
    displayOrder: order,
    calculated: ro,
    externalOptions: seed.externalOptions === true,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: true,
    formField: !ro,
    dataSensitivity: 'non_sensitive',
    modificationMetadata: {
      archivable: false,
      readOnlyDefinition: true,
      readOnlyValue: ro,
      readOnlyOptions: false,
    },
    createdAt: '1970-01-01T00:00:00Z',
    updatedAt: '1970-01-01T00:00:00Z',
    archived: false,
  };
}

function str(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = body[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') throw validationError(`Property field '${key}' is required.`);
  return v;
}

function parseOptions(raw: unknown): PropertyOption[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('options must be an array');
  return raw.map((o: unknown, i) => {
    const opt = (o ?? {}) as Record<string, unknown>;
    if (typeof opt['label'] !== 'string' || typeof opt['value'] !== 'string')
      throw validationError('Each option needs a label and a value.');
    return {
      label: opt['label'],
      value: opt['value'],
      displayOrder: typeof opt['displayOrder'] === 'number' ? opt['displayOrder'] : i,
      hidden: opt['hidden'] === true,
      ...(typeof opt['description'] === 'string' ? { description: opt['description'] } : {}),
    };
  });
}

/** The property registry of one portal. */
export class PropertyRegistry {
  private readonly props = new Map<ObjectType, Map<string, PropertyDef>>();
  private readonly groups = new Map<ObjectType, Map<string, PropertyGroup>>();

  constructor() {
    this.reset();
  }

  /** Drops custom properties and groups, re-seeds the defaults. */
  reset(): void {
    for (const t of OBJECT_TYPE_NAMES) {
      const g = DEFAULT_GROUPS[t];
      this.groups.set(
        t,
        new Map([[g.name, { name: g.name, label: g.label, displayOrder: 0, archived: false }]]),
      );
      this.props.set(t, new Map(DEFAULT_PROPERTIES[t].map((s, i) => [s.name, fromSeed(s, g.name, i)])));
    }
  }

  /** The live definition of `name`, or undefined. */
  get(type: ObjectType, name: string): PropertyDef | undefined {
    const p = this.props.get(type)?.get(name);
    return p && !p.archived ? p : undefined;
  }

  /** All live definitions of a type. */
  list(type: ObjectType): PropertyDef[] {
    return [...(this.props.get(type)?.values() ?? [])].filter((p) => !p.archived);
  }

  /** Names of properties with `hasUniqueValue`. */
  uniqueNames(type: ObjectType): string[] {
    return this.list(type)
      .filter((p) => p.hasUniqueValue)
      .map((p) => p.name);
  }

  /** Properties API create (also used by the seed, which may create the group on the fly). */
  create(type: ObjectType, body: Record<string, unknown>, nowIso: string, autoGroup = false): PropertyDef {
    const name = str(body, 'name', true) as string;
    const label = str(body, 'label', true) as string;
    const ptype = str(body, 'type', true) as string;
    const fieldType = str(body, 'fieldType', true) as string;
    const groupName = str(body, 'groupName', true) as string;
    if (!/^[a-z][a-z0-9_]*$/.test(name))
      throw validationError(`Property name '${name}' must be lower case letters, digits and underscores.`);
    if (!TYPES.includes(ptype)) throw validationError(`'${ptype}' is not a valid property type.`);
    if (!FIELD_TYPES.includes(fieldType)) throw validationError(`'${fieldType}' is not a valid field type.`);
    if (this.props.get(type)?.has(name)) throw conflict(`A property named '${name}' already exists.`);
    if (!this.groups.get(type)?.has(groupName)) {
      if (!autoGroup) throw validationError(`Property group '${groupName}' does not exist.`);
      this.createGroup(type, { name: groupName, label: groupName });
    }
    const unique = body['hasUniqueValue'] === true;
    if (unique && this.uniqueNames(type).length >= MAX_UNIQUE_PROPERTIES)
      throw new ApiError(400, {
        ...errorBody(
          'VALIDATION_ERROR',
          `Object type ${type} already has the maximum of ${MAX_UNIQUE_PROPERTIES} unique value properties.`,
          { subCategory: 'PropertyValidationError.TOO_MANY_UNIQUE_PROPERTIES' },
        ),
      });
    const def: PropertyDef = {
      name,
      label,
      type: ptype,
      fieldType,
      description: typeof body['description'] === 'string' ? body['description'] : '',
      groupName,
      options: parseOptions(body['options']),
      displayOrder: typeof body['displayOrder'] === 'number' ? body['displayOrder'] : -1,
      calculated: false,
      externalOptions: body['externalOptions'] === true,
      hasUniqueValue: unique,
      hidden: body['hidden'] === true,
      formField: body['formField'] === true,
      dataSensitivity:
        typeof body['dataSensitivity'] === 'string' ? body['dataSensitivity'] : 'non_sensitive',
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      createdAt: nowIso,
      updatedAt: nowIso,
      archived: false,
    };
    this.props.get(type)?.set(name, def);
    return def;
  }

  /** Properties API PATCH: label/description/options/group/displayOrder/hidden; `hasUniqueValue` stays. */
  update(type: ObjectType, name: string, body: Record<string, unknown>, nowIso: string): PropertyDef {
    const def = this.get(type, name);
    if (!def) throw notFound(`Unable to find property ${name} for object type ${type}`);
    if (def.modificationMetadata.readOnlyDefinition)
      throw validationError(`The property ${name} is read-only and its definition cannot be changed.`);
    if (typeof body['label'] === 'string') def.label = body['label'];
    if (typeof body['description'] === 'string') def.description = body['description'];
    if (typeof body['groupName'] === 'string') {
      if (!this.groups.get(type)?.has(body['groupName']))
        throw validationError(`Property group '${body['groupName']}' does not exist.`);
      def.groupName = body['groupName'];
    }
    if (typeof body['displayOrder'] === 'number') def.displayOrder = body['displayOrder'];
    if (typeof body['hidden'] === 'boolean') def.hidden = body['hidden'];
    if (body['options'] !== undefined) def.options = parseOptions(body['options']);
    def.updatedAt = nowIso;
    return def;
  }

  /** Archives a custom property (HubSpot-defined ones are not archivable). */
  archive(type: ObjectType, name: string, nowIso: string): void {
    const def = this.get(type, name);
    if (!def) return;
    if (!def.modificationMetadata.archivable)
      throw validationError(`The property ${name} is HubSpot-defined and cannot be archived.`);
    def.archived = true;
    def.updatedAt = nowIso;
  }

  /** All groups of a type. */
  listGroups(type: ObjectType): PropertyGroup[] {
    return [...(this.groups.get(type)?.values() ?? [])];
  }

  /** One group or undefined. */
  getGroup(type: ObjectType, name: string): PropertyGroup | undefined {
    return this.groups.get(type)?.get(name);
  }

  /** Creates a group; an existing name → 409. */
  createGroup(type: ObjectType, body: Record<string, unknown>): PropertyGroup {
    const name = str(body, 'name', true) as string;
    const label = str(body, 'label', true) as string;
    const groups = this.groups.get(type);
    if (!groups) throw notFound(`Unknown object type ${type}`);
    if (groups.has(name)) throw conflict(`A property group named '${name}' already exists.`);
    const g: PropertyGroup = {
      name,
      label,
      displayOrder: typeof body['displayOrder'] === 'number' ? body['displayOrder'] : -1,
      archived: false,
    };
    groups.set(name, g);
    return g;
  }
}
