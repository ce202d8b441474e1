/** Name pools per country, with non-ASCII names on purpose (umlauts, accents, CJK). */

/** Pools used to build a company and its people in one country. */
export interface NamePool {
  readonly companyStems: readonly string[];
  readonly companyWords: readonly string[];
  readonly suffixes: readonly string[];
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly cities: readonly (readonly [city: string, state: string, zipPrefix: string])[];
  readonly streets: readonly string[];
  readonly phonePrefix: string;
}

const US: NamePool = {
  companyStems: [
    'Hamilton',
    'Great Lakes',
    'Keystone',
    'Summit',
    'Ridgeway',
    'Atlas',
    'Pioneer',
    'Redwood',
    'Bayou',
    'Granite',
  ],
  companyWords: [
    'Hydraulics',
    'Pump Works',
    'Industrial Supply',
    'Valve Co.',
    'Machining',
    'Fluid Systems',
    'Motors',
  ],
  suffixes: ['Inc.', 'LLC', 'Corp.', 'Co.'],
  firstNames: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Linda', 'José', 'Zoë', 'Chloé', 'Wei'],
  lastNames: [
    'Smith',
    'Johnson',
    'Williams',
    'Brown',
    'García',
    'Miller',
    "O'Connor",
    'Nguyễn',
    'Davis',
    'Lopez',
  ],
  cities: [
    ['Chicago', 'IL', '606'],
    ['Houston', 'TX', '770'],
    ['Cleveland', 'OH', '441'],
    ['Milwaukee', 'WI', '532'],
    ['San José', 'CA', '951'],
  ],
  streets: ['Industrial Pkwy', 'Main St', 'Commerce Dr', 'Lakeshore Blvd', 'Factory Rd'],
  phonePrefix: '+1 312',
};

const DE: NamePool = {
  companyStems: [
    'Müller',
    'Schäfer',
    'Weiß',
    'Größer',
    'Bäcker',
    'Köhler',
    'Krüger',
    'Hoffmann',
    'Schröder',
    'Strauß',
  ],
  companyWords: [
    'Antriebstechnik',
    'Pumpenbau',
    'Maschinenfabrik',
    'Hydraulik',
    'Stahlbau',
    'Armaturen',
    'Fördertechnik',
  ],
  suffixes: ['GmbH', 'AG', 'GmbH & Co. KG', 'KG'],
  firstNames: [
    'Jürgen',
    'Günter',
    'Anna',
    'Lena',
    'Björn',
    'Käthe',
    'Matthias',
    'Sören',
    'Ülkü',
    'Hans-Peter',
  ],
  lastNames: [
    'Müller',
    'Schmidt',
    'Schneider',
    'Fischer',
    'Weiß',
    'Groß',
    'Jäger',
    'Öztürk',
    'Böhm',
    'Meyer',
  ],
  cities: [
    ['München', 'BY', '80'],
    ['Düsseldorf', 'NW', '40'],
    ['Köln', 'NW', '50'],
    ['Nürnberg', 'BY', '90'],
    ['Stuttgart', 'BW', '70'],
  ],
  streets: ['Hauptstraße', 'Industriestraße', 'Bahnhofstraße', 'Gießereiweg', 'Am Mühlbach'],
  phonePrefix: '+49 89',
};

const CN: NamePool = {
  companyStems: ['上海', '北京', '深圳', '苏州', '天津', '广州', '杭州', '青岛'],
  companyWords: ['重型机械', '泵业', '阀门制造', '电机', '液压设备', '精密机械', '工业装备'],
  suffixes: ['有限公司', '股份有限公司', '集团有限公司'],
  firstNames: ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋'],
  lastNames: ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'],
  cities: [
    ['上海', 'SH', '200'],
    ['北京', 'BJ', '100'],
    ['深圳', 'GD', '518'],
    ['苏州', 'JS', '215'],
  ],
  streets: ['浦东大道', '工业园路', '科技路', '人民路'],
  phonePrefix: '+86 21',
};

const GB: NamePool = {
  companyStems: ['Sheffield', 'Pennine', 'Thames', 'Clyde', 'Mersey', 'Cotswold', 'Severn'],
  companyWords: ['Engineering', 'Pumps', 'Valves', 'Steelworks', 'Precision', 'Fluid Power'],
  suffixes: ['Ltd', 'plc', 'Ltd.'],
  firstNames: ['Oliver', 'Amelia', 'Harry', 'Isla', 'Siân', 'Niamh', 'Eóin', 'George'],
  lastNames: ['Taylor', 'Evans', 'Wilson', 'Thomas', 'Roberts', 'Ó Briain', 'Wright'],
  cities: [
    ['Sheffield', 'SYK', 'S1'],
    ['Manchester', 'MAN', 'M1'],
    ['Birmingham', 'BIR', 'B1'],
    ['Glasgow', 'GLG', 'G1'],
  ],
  streets: ['High Street', 'Mill Lane', 'Station Road', 'Forge Way'],
  phonePrefix: '+44 114',
};

/** Name pools keyed by ISO country code. */
export const NAME_POOLS: Readonly<Record<string, NamePool>> = { US, DE, CN, GB };

/** Well-known awkward names mixed in on purpose (French accents, apostrophes, ampersands). */
export const SPECIAL_COMPANY_NAMES: readonly string[] = [
  'Société Générale d’Équipement SA',
  'Ångström Präzision AB',
  'Łódź Maszyny Sp. z o.o.',
  'O’Brien & Søn Pumps A/S',
  '上海电气集团股份有限公司',
  'Müller & Fils S.à r.l.',
];

/** Job functions of contacts at a manufacturer's customers and suppliers. */
export const CONTACT_FUNCTIONS: readonly string[] = [
  'Purchasing',
  'Maintenance',
  'Engineering',
  'Accounts Payable',
  'Sales',
  'Plant Manager',
  'Quality',
];

/** Contact titles. */
export const CONTACT_TITLES: readonly string[] = ['Mr.', 'Ms.', 'Dr.', 'Dipl.-Ing.', ''];
