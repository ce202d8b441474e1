/**
 * Portal validation rules an admin configures (README.md, "Validation rules"): property value
 * rules (regex, length, allowed values), which HubSpot has applied to API writes of every version
 * since July 2023, and required-property rules (optionally conditional), which it applies to API
 * writes from the `2026-09` version on. Rules are managed through the control API; a violation
 * is one more entry of the write's property validation errors.
 */
import { findObjectType, type ObjectType } from './object-types.js';

/** The rule kinds the sandbox models. */
export const RULE_KINDS = ['regex', 'min-length', 'max-length', 'allowed-values', 'required'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/**
 * The property error code of each kind. HubSpot's announcement shows one rule code
 * (`INVALID_ALPHA`); these follow its pattern and are ASSUMED (README.md, "Validation rules").
 */
export const RULE_ERROR_CODES: Readonly<Record<RuleKind, string>> = {
  regex: 'INVALID_REGEX',
  'min-length': 'INVALID_MIN_LENGTH',
  'max-length': 'INVALID_MAX_LENGTH',
  'allowed-values': 'INVALID_ALLOWED_VALUE',
  required: 'MISSING_REQUIRED_PROPERTY',
};

/** One rule as the control API lists it. */
export interface ValidationRule {
  id: string;
  objectType: ObjectType;
  property: string;
  kind: RuleKind;
  /** The admin's message, returned as the property error's message. */
  message: string;
  /** regex: the pattern; min/max-length: the length; allowed-values: the values. */
  value?: string | number | string[];
  /** required only: the property is required when `property` has the value `equals`. */
  when?: { property: string; equals: string };
}

/** A control-API input that cannot become a rule. */
export class RuleInputError extends Error {}

/** A refused property value: the entry HubSpot lists in "Property values were not valid". */
export interface RuleViolation {
  name: string;
  error: string;
  message: string;
}

function text(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new RuleInputError(`${name} must be a non-empty string`);
  return v;
}

function parseValue(kind: RuleKind, v: unknown): ValidationRule['value'] {
  switch (kind) {
    case 'regex':
      try {
        new RegExp(text(v, 'value'));
      } catch {
        throw new RuleInputError(`value is not a valid regular expression: ${String(v)}`);
      }
      return v as string;
    case 'min-length':
    case 'max-length':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        throw new RuleInputError('value must be a non-negative integer length');
      return v;
    case 'allowed-values':
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string'))
        throw new RuleInputError('value must be a non-empty array of strings');
      return v as string[];
    case 'required':
      return undefined;
  }
}

/** Versions that enforce required-property rules on API writes (date versions from 2026-09). */
export function enforcesRequiredRules(version: string): boolean {
  return /^\d{4}-\d{2}$/.test(version) && version >= '2026-09';
}

/** The rules of one portal. */
export class ValidationRules {
  private rules: ValidationRule[] = [];
  private next = 1;

  /** Adds a rule from a control-API body; throws RuleInputError naming the bad field. */
  add(input: unknown): ValidationRule {
    const b = (input ?? {}) as Record<string, unknown>;
    const objectType = findObjectType(text(b['objectType'], 'objectType'));
    if (!objectType) throw new RuleInputError(`unknown objectType ${String(b['objectType'])}`);
    const kind = b['kind'];
    if (!RULE_KINDS.includes(kind as RuleKind))
      throw new RuleInputError(`kind must be one of ${RULE_KINDS.join(', ')}`);
    const rule: ValidationRule = {
      id: `r${this.next++}`,
      objectType,
      property: text(b['property'], 'property'),
      kind: kind as RuleKind,
      message: text(b['message'], 'message'),
    };
    const value = parseValue(rule.kind, b['value']);
    if (value !== undefined) rule.value = value;
    if (b['when'] !== undefined) {
      if (rule.kind !== 'required') throw new RuleInputError('when applies to required rules only');
      const w = (b['when'] ?? {}) as Record<string, unknown>;
      rule.when = {
        property: text(w['property'], 'when.property'),
        equals: text(w['equals'], 'when.equals'),
      };
    }
    this.rules.push(rule);
    return rule;
  }

  /** Rules, optionally of one object type. */
  list(type?: ObjectType): ValidationRule[] {
    return type ? this.rules.filter((r) => r.objectType === type) : [...this.rules];
  }

  /** Removes the rules of one object type, or all. */
  clear(type?: ObjectType): void {
    this.rules = type ? this.rules.filter((r) => r.objectType !== type) : [];
  }

  /**
   * The violations of one write under `version`: `written` are the validated values of the
   * request ('' = cleared), `existing` the record's values before it (undefined on create).
   */
  check(
    type: ObjectType,
    version: string,
    written: Readonly<Record<string, string>>,
    existing: Readonly<Record<string, string>> | undefined,
  ): RuleViolation[] {
    const out: RuleViolation[] = [];
    const after = (name: string): string => written[name] ?? existing?.[name] ?? '';
    for (const rule of this.rules) {
      if (rule.objectType !== type) continue;
      const violation = { name: rule.property, error: RULE_ERROR_CODES[rule.kind], message: rule.message };
      if (rule.kind === 'required') {
        const applies = rule.when === undefined || after(rule.when.property) === rule.when.equals;
        if (enforcesRequiredRules(version) && applies && after(rule.property) === '') out.push(violation);
        continue;
      }
      const value = written[rule.property];
      if (value !== undefined && value !== '' && !valueAllowed(rule, value)) out.push(violation);
    }
    return out;
  }
}

function valueAllowed(rule: ValidationRule, value: string): boolean {
  switch (rule.kind) {
    case 'regex':
      return new RegExp(rule.value as string).test(value);
    case 'min-length':
      return value.length >= (rule.value as number);
    case 'max-length':
      return value.length <= (rule.value as number);
    case 'allowed-values':
      return (rule.value as string[]).includes(value);
    case 'required':
      return true;
  }
}
