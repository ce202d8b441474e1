/**
 * HubSpot errors → outcome codes: a value refused by a portal validation rule is
 * HUBSPOT_VALIDATION_RULE with the rule's message, whether HubSpot lists the property errors in
 * `errors[]` or only inside its message (the form its announcement shows); a rule next to another
 * property error is an ordinary HUBSPOT_VALIDATION.
 */
import { describe, expect, it } from 'vitest';
import { toOutcomeError } from '../../../src/connectors/hubspot/outcomes.js';

const listed = (entries: { name: string; error: string; message: string }[]): string =>
  `Property values were not valid: ${JSON.stringify(entries.map((e) => ({ isValid: false, ...e })))}`;

describe('toOutcomeError', () => {
  it('reads a rule refusal from the message HubSpot embeds the property errors in', () => {
    const out = toOutcomeError(
      {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: listed([
          { name: 'firstname', error: 'INVALID_ALPHA', message: 'Enter only letters' },
          { name: 'lastname', error: 'INVALID_ALPHA', message: 'Enter only letters' },
        ]),
      },
      400,
    );
    expect(out).toMatchObject({
      code: 'HUBSPOT_VALIDATION_RULE',
      message: 'HubSpot validation rule refused firstname: Enter only letters; lastname: Enter only letters',
      status: 400,
    });
  });

  it('reads it from errors[] of a per-input batch error', () => {
    const out = toOutcomeError(
      {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'Property values were not valid: […]',
        errors: [
          { message: 'A lost deal needs a close date', code: 'MISSING_REQUIRED_PROPERTY', in: 'closedate' },
        ],
        context: { objectWriteTraceId: ['t1'] },
      },
      200,
    );
    expect(out.code).toBe('HUBSPOT_VALIDATION_RULE');
    expect(out.message).toBe('HubSpot validation rule refused closedate: A lost deal needs a close date');
    expect(out.context).toEqual({ objectWriteTraceId: ['t1'] });
  });

  it('a rule next to a type error, a plain type error, or an unparseable message stay HUBSPOT_VALIDATION', () => {
    const mixed = listed([
      { name: 'phone', error: 'INVALID_REGEX', message: 'Use +1' },
      { name: 'amount', error: 'INVALID_INTEGER', message: 'x was not a valid number.' },
    ]);
    for (const message of [
      mixed,
      listed([{ name: 'a', error: 'INVALID_OPTION', message: 'no' }]),
      'Property values were not valid: [oops',
    ])
      expect(toOutcomeError({ category: 'VALIDATION_ERROR', message }, 400).code).toBe('HUBSPOT_VALIDATION');
    expect(
      toOutcomeError({ category: 'CONFLICT', message: 'Contact already exists. Existing ID: 5' }, 409),
    ).toMatchObject({
      code: 'HUBSPOT_CONFLICT',
      existingId: '5',
    });
  });
});
