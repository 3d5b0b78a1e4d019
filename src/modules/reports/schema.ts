import { type Static, Type } from 'typebox';
import { StringEnum } from '../../http/schemas.ts';
import { tagConditionFields } from '../tags/schema.ts';

export const REPORT_INTERVALS = ['day', 'week', 'month'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

/** The columns of the CSV, in order: the fields of a period, money as decimals. */
export const SALES_REPORT_COLUMNS = ['period_start', 'net_sales', 'orders', 'returns', 'customers', 'average_order_size', 'gross_margin', 'items'] as const;

// Years 1900-2199: far wider than any store's sales, and it keeps every period's start a plain YYYY-MM-DD.
const LocalDate = (description: string) => Type.String({
  format: 'date', pattern: '^(19|20|21)\\d\\d-', description: `${description} YYYY-MM-DD (1900-2199), a day in the store's time zone.`,
});
const Money = (description: string) => Type.Integer({ description: `${description} In minor units of the store's currency.` });

export const SalesReportRequest = Type.Object({
  from: LocalDate('The first day, included.'),
  to: LocalDate('The last day, included.'),
  interval: Type.Optional(StringEnum(REPORT_INTERVALS, {
    description: 'How the series is cut: day, week (Monday to Sunday) or month. Default day; day covers at most 3 years.',
  })),
  ...tagConditionFields,
  channel: Type.Optional(Type.String({ maxLength: 100, description: 'Only the sales of this till or channel, as the sales name it.' })),
}, {
  additionalProperties: false,
  description: 'A date-to-date sales report. Any tag condition keeps only sales to a customer who matches it now, '
    + 'so walk-in sales (no customer) are left out; without one every sale counts, walk-ins included.',
});

const figures = {
  net_sales: Money('Sum of net (without tax) of sales, returns and cancellations; returns and cancellations count negative.'),
  orders: Type.Integer({ description: 'Sales (kind sale).' }),
  returns: Type.Integer({ description: 'Returns and cancellations.' }),
  customers: Type.Integer({ description: 'Different customers who bought or returned; walk-ins are not counted.' }),
  average_order_size: Money('net_sales / orders, rounded half to even; 0 without orders.'),
  gross_margin: Money('Sum of gross margin (net - cost).'),
  items: Type.Integer({ description: 'Units: the sum of quantities, returned units negative.' }),
};

export const SalesReportFigures = Type.Object(figures, { description: 'The figures of the whole range.' });
export const SalesReportPeriod = Type.Object({
  period_start: Type.String({
    format: 'date',
    description: 'The calendar day, Monday or first of the month that starts the period. The first and last periods of a '
      + 'week or month series count only the days within from..to.',
  }),
  ...figures,
});

export const SalesReport = Type.Object({
  currency: Type.String({ description: 'The store\'s currency (ISO 4217).' }),
  time_zone: Type.String({ description: 'The store\'s IANA time zone, in which the days are cut.' }),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  interval: StringEnum(REPORT_INTERVALS),
  totals: SalesReportFigures,
  series: Type.Array(SalesReportPeriod, { description: 'Every period of the range in order, empty ones with zeros.' }),
});

export const SalesReportQuery = Type.Object({
  format: Type.Optional(StringEnum(['json', 'csv'], { description: 'csv streams the series as CSV, as Accept: text/csv does.' })),
}, { additionalProperties: false });

export type SalesReportRequest = Static<typeof SalesReportRequest>;
export type SalesReportFigures = Static<typeof SalesReportFigures>;
export type SalesReportPeriod = Static<typeof SalesReportPeriod>;
export type SalesReport = Static<typeof SalesReport>;
export type SalesReportQuery = Static<typeof SalesReportQuery>;

// ---- The group report and the word cloud ----

export const GROUP_MEMBERSHIPS = ['at_sale', 'today'] as const;
export type GroupMembershipBasis = (typeof GROUP_MEMBERSHIPS)[number];

/** The columns of the group report's CSV: a row per scope and figure set (the totals, then each top product). */
export const GROUP_REPORT_COLUMNS = ['scope', 'figures', 'sku', 'name', ...SALES_REPORT_COLUMNS.slice(1)] as const;

const groupReportFields = {
  group_id: Type.String({ format: 'uuid', description: 'The group to report on.' }),
  from: LocalDate('The first day, included.'),
  to: LocalDate('The last day, included.'),
  membership: Type.Optional(StringEnum(GROUP_MEMBERSHIPS, {
    description: 'at_sale (default): a sale counts when its customer was in the group at the moment of the sale, from the membership ledger. '
      + 'today: every sale of the range to a customer who is a member now.',
  })),
};

export const GroupReportRequest = Type.Object({
  ...groupReportFields,
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'How many top products for the group and for the store. Default 10.' })),
}, { additionalProperties: false, description: 'A group\'s sales from date to date, beside the whole store\'s.' });

export const TopProduct = Type.Object({
  sku: Type.Union([Type.String(), Type.Null()], { description: 'The product\'s SKU, else the line\'s; null for a line without one.' }),
  name: Type.Union([Type.String(), Type.Null()], { description: 'The product\'s name, else the line\'s description.' }),
  quantity: Type.Integer({ description: 'Units sold, returned units negative.' }),
  net_sales: Money('Sum of the lines\' net; returns count negative.'),
  gross_margin: Money('Sum of the lines\' gross margin.'),
});

export const GroupReport = Type.Object({
  currency: Type.String({ description: 'The store\'s currency (ISO 4217).' }),
  time_zone: Type.String({ description: 'The store\'s IANA time zone, in which the days are cut.' }),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  membership: StringEnum(GROUP_MEMBERSHIPS),
  group: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  totals: Type.Object({
    group: SalesReportFigures,
    store: SalesReportFigures,
  }, { description: 'The group\'s figures and the whole store\'s (walk-in sales included), counted the same way as the sales report.' }),
  top_products: Type.Object({
    group: Type.Array(TopProduct),
    store: Type.Array(TopProduct),
  }, { description: 'Product lines only (no postage or fees), by net sales, highest first.' }),
});

export const GroupClassificationsRequest = Type.Object({
  ...groupReportFields,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'How many terms at most. Default 60.' })),
}, { additionalProperties: false, description: 'The product classifications a group\'s customers bought, weighted by what they spent: the words of a word cloud.' });

export const GroupClassifications = Type.Object({
  currency: Type.String({ description: 'The store\'s currency (ISO 4217).' }),
  items: Type.Array(Type.Object({
    term: Type.String({ description: 'A product classification.' }),
    spend: Money('Net of the group\'s product lines whose product has this classification; returns count negative.'),
    weight: Type.Number({ description: 'spend / the largest spend of the list: 1 for the biggest, rounded to 4 decimals.' }),
  }), { description: 'By spend, highest first, then by term. Terms whose spend is 0 or less are left out.' }),
});

export type GroupReportRequest = Static<typeof GroupReportRequest>;
export type TopProduct = Static<typeof TopProduct>;
export type GroupReport = Static<typeof GroupReport>;
export type GroupClassificationsRequest = Static<typeof GroupClassificationsRequest>;
export type GroupClassifications = Static<typeof GroupClassifications>;
