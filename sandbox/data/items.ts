/**
 * Deterministic item catalogue of an industrial-equipment manufacturer (pumps, valves, motors,
 * spares, service). Item codes depend on the index only (`itemCodeAt`), prices and the rest on
 * (seed, index), so the HubSpot-side demo can reference QAD item codes and know their prices
 * without a running sandbox.
 */
import { GENERATOR_EPOCH_MS } from './accounts.js';
import { PRIMARY_DOMAIN_CODE } from './domains.js';
import { FIELD_LIMITS, clip } from './field-limits.js';
import { Rng, mixSeed } from './prng.js';
import { exactLength, pad } from './text.js';
import type { ItemRecord } from './types.js';

/** One product line: code, item-code prefix, unit of measure, base price band (USD) and name parts. */
export interface ProductLine {
  readonly code: string;
  readonly prefix: string;
  readonly unitOfMeasure: string;
  readonly itemType: string;
  readonly priceMinUsd: number;
  readonly priceMaxUsd: number;
  readonly nouns: readonly string[];
  readonly details: readonly string[];
}

/** The product lines, in the order item codes cycle through them. */
export const PRODUCT_LINES: readonly ProductLine[] = [
  {
    code: 'PUMP',
    prefix: 'PMP',
    unitOfMeasure: 'EA',
    itemType: 'MANUFACTURED',
    priceMinUsd: 800,
    priceMaxUsd: 45000,
    nouns: ['Centrifugal pump', 'Gear pump', 'Dosing pump', 'Kreiselpumpe'],
    details: ['15kW', '40kW', 'DN80', 'ATEX', 'Ø50'],
  },
  {
    code: 'VALV',
    prefix: 'VLV',
    unitOfMeasure: 'EA',
    itemType: 'MANUFACTURED',
    priceMinUsd: 60,
    priceMaxUsd: 6000,
    nouns: ['Ball valve', 'Gate valve', 'Check valve', 'Kugelhahn'],
    details: ['DN25', 'DN100', 'PN40', '316L'],
  },
  {
    code: 'MOTR',
    prefix: 'MTR',
    unitOfMeasure: 'EA',
    itemType: 'PURCHASED',
    priceMinUsd: 300,
    priceMaxUsd: 12000,
    nouns: ['AC motor', 'Servo motor', 'Gear motor', '电机'],
    details: ['4-pole', 'IE3', '11kW', '400V'],
  },
  {
    code: 'SEAL',
    prefix: 'SEL',
    unitOfMeasure: 'SET',
    itemType: 'PURCHASED',
    priceMinUsd: 15,
    priceMaxUsd: 900,
    nouns: ['Mechanical seal kit', 'O-ring set', 'Gasket set', 'Dichtungssatz'],
    details: ['FKM', 'EPDM', 'PTFE'],
  },
  {
    code: 'HOSE',
    prefix: 'HOS',
    unitOfMeasure: 'M',
    itemType: 'PURCHASED',
    priceMinUsd: 4,
    priceMaxUsd: 120,
    nouns: ['Hydraulic hose', 'Suction hose', 'Schlauch'],
    details: ['1/2"', 'DN32', '350 bar'],
  },
  {
    code: 'LUBE',
    prefix: 'LUB',
    unitOfMeasure: 'L',
    itemType: 'PURCHASED',
    priceMinUsd: 6,
    priceMaxUsd: 80,
    nouns: ['Gear oil', 'Hydraulic oil', 'Grease'],
    details: ['ISO VG 46', 'ISO VG 220', 'NLGI 2'],
  },
  {
    code: 'CTRL',
    prefix: 'CTL',
    unitOfMeasure: 'EA',
    itemType: 'MANUFACTURED',
    priceMinUsd: 150,
    priceMaxUsd: 9000,
    nouns: ['Pump controller', 'Frequency drive', 'Pressure sensor'],
    details: ['IP65', '24V DC', 'Modbus'],
  },
  {
    code: 'SERV',
    prefix: 'SRV',
    unitOfMeasure: 'HR',
    itemType: 'SERVICE',
    priceMinUsd: 85,
    priceMaxUsd: 240,
    nouns: ['Field service', 'Commissioning', 'Inspection'],
    details: ['on site', 'remote', 'weekend'],
  },
];

const ITEM_SALT = 0x17e;

/** The product line of item i (cycles through PRODUCT_LINES). */
export function productLineAt(index: number): ProductLine {
  const line = PRODUCT_LINES[index % PRODUCT_LINES.length];
  if (line === undefined) throw new Error('no product lines');
  return line;
}

/** Item code of item i (0-based), independent of the seed: prefix + '-' + 6 digits, e.g. `PMP-000001`. */
export function itemCodeAt(index: number): string {
  return `${productLineAt(index).prefix}-${pad(index + 1, 6)}`;
}

/** Options for item generation. */
export interface ItemOptions {
  /** Modified stamps are drawn from the 730 days before this instant (epoch ms). */
  asOfMs?: number;
}

/** Computes item i (0-based) for `seed`; about 8% are inactive; prices in USD with 2 decimals. */
export function itemAt(seed: number, index: number, options: ItemOptions = {}): ItemRecord {
  const asOfMs = options.asOfMs ?? GENERATOR_EPOCH_MS;
  const rng = new Rng(mixSeed(seed, index, ITEM_SALT));
  const line = productLineAt(index);
  let description = `${rng.pick(line.nouns)} ${rng.pick(line.details)}`;
  if (index % 23 === 4) description = exactLength(description, FIELD_LIMITS.itemDescription, 'heavy duty');
  const cents = rng.int(line.priceMinUsd * 100, line.priceMaxUsd * 100);
  const addedMs = asOfMs - rng.int(731, 3650) * 86_400_000;
  return {
    itemCode: itemCodeAt(index),
    domainCode: PRIMARY_DOMAIN_CODE,
    description: clip(description, FIELD_LIMITS.itemDescription),
    description2: clip(
      `${line.code} ${rng.pick(['Größe', 'series', 'série', '系列'])} ${rng.int(1, 99)}`,
      FIELD_LIMITS.itemDescription,
    ),
    productLine: line.code,
    unitOfMeasure: line.unitOfMeasure,
    listPrice: cents / 100,
    currencyCode: 'USD',
    itemType: line.itemType,
    isActive: !rng.chance(0.08),
    addedDate: new Date(addedMs).toISOString().slice(0, 10),
    lastModifiedMs: asOfMs - rng.int(1, 730) * 86_400_000 + rng.int(0, 86_399) * 1000,
  };
}

/** Yields items 0..count-1 for `seed`, one at a time. */
export function* generateItems(
  seed: number,
  count: number,
  options: ItemOptions & { start?: number } = {},
): Generator<ItemRecord> {
  const start = options.start ?? 0;
  for (let i = start; i < start + count; i += 1) yield itemAt(seed, i, options);
}
