import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, TestApp, TestStore } from './app.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/**
 * An Online Retail file that gives a store many customers at once, the way a shop gets them: one invoice each,
 * customers "Customer <first>" to "Customer <first + count - 1>", each buying one item at 2.55.
 */
export function oneInvoicePerCustomer(first: number, count: number): string {
  const lines = Array.from({ length: count }, (_, i) =>
    `${600000 + i},85123A,WHITE HANGING HEART T-LIGHT HOLDER,1,2011-01-03 10:00:00,2.55,${first + i}.0,United Kingdom`);
  return `${[HEADER, ...lines].join('\n')}\n`;
}

/** Imports a sales file through POST /v1/sales-imports and answers the finished job. */
export async function importSales(api: Client, file: string) {
  const response = await api.post('/v1/sales-imports', file, { 'content-type': 'text/csv' });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  for (let i = 0; i < 6000; i++) {
    const job = (await api.get(`/v1/import-jobs/${response.body.id}`)).body;
    if (job.state === 'failed') assert.fail(JSON.stringify(job));
    if (job.state === 'succeeded') return job;
    await sleep(10);
  }
  throw new Error('the sales import did not finish');
}

/** A new store with customers "Customer <first>" to "Customer <first + count - 1>", from oneInvoicePerCustomer. */
export async function storeWithImportedCustomers(t: TestApp, first: number, count: number): Promise<TestStore> {
  const store = await t.createStore();
  const job = await importSales(store.api, oneInvoicePerCustomer(first, count));
  assert.equal(job.counts.customers_created, count);
  return store;
}
