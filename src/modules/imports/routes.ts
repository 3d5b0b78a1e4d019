import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { MAX_SALES_FILE_BYTES, saveUpload } from './files.ts';
import { getImportJob, ImportJobRunner, listImportJobs } from './jobs.ts';
import { requireSalesImportRights, startSalesImport } from './sales.ts';
import { ImportJob, ImportJobList, ImportJobListQuery, SalesImportQuery, TagImportQuery, TagImportReport } from './schema.ts';
import { importTags, MAX_IMPORT_BYTES, TAG_IMPORT_COLUMNS } from './tags.ts';

const FILE_TYPES = ['text/csv', 'application/gzip', 'application/x-gzip', 'application/octet-stream'];

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A CSV body reaches the import as the request stream, read row by row; the import enforces its own size limit.
  app.addContentTypeParser('text/csv', { bodyLimit: MAX_IMPORT_BYTES }, (_request, payload, done) => done(null, payload));
  app.addContentTypeParser(FILE_TYPES.slice(1), { bodyLimit: MAX_SALES_FILE_BYTES }, (_request, payload, done) => done(null, payload));

  // Sales imports run in this process, one after another; closing the app stops the running one at its next batch.
  const runner = new ImportJobRunner(app.db, (error, jobId) => {
    if (!(error instanceof ClienteleError)) app.log.error({ err: error, job: jobId }, 'import job failed');
  });
  app.addHook('onClose', () => runner.close());

  app.post('/tag-imports', {
    config: { right: 'import_data' },
    schema: {
      summary: 'Import tags and tag assignments from CSV',
      description: `Send the file as the body with \`Content-Type: text/csv\`. Columns (header row, any order): ${TAG_IMPORT_COLUMNS.join(', ')}; `
        + 'category and tag are required, and a row names its customer by at most one of customer_id, customer_code, customer_email or '
        + 'external_system + external_id (a row without a customer only makes sure the tag exists). Missing tags are created when the caller '
        + 'may manage tags. Every row is checked first: by default one bad row answers 422 with every bad row (row, column, reason) and '
        + 'nothing is written; skip_invalid applies the good rows; dry_run reports without writing.',
      tags: ['imports', 'tags'], consumes: ['text/csv'], querystring: TagImportQuery,
      response: { 200: TagImportReport, 413: problemRef, 422: problemRef, ...problems },
    },
  }, async (request) => {
    if (!String(request.headers['content-type']).startsWith('text/csv')) {
      throw new ClienteleError('invalid', 'request.media_type', 'Send the file as the body with Content-Type: text/csv.');
    }
    return importTags(request.ctx, request.body as Readable, request.query);
  });

  app.post('/sales-imports', {
    config: { right: 'import_data' },
    schema: {
      summary: 'Import a sales history from a file, as a job',
      description: 'Send the file as the body, CSV (`Content-Type: text/csv`) or gzip-compressed CSV (`application/gzip`; recognised by its '
        + 'first bytes). Needs the rights "Import data" and "Record sales"; the customers and products the file names that the store lacks '
        + 'are created. Answers 202 with the job at once; follow it at GET /v1/import-jobs/{id}. The job checks every row first: by default '
        + 'one bad row fails it (failure.code import.rows_invalid, every bad row in errors) and nothing is written. Then it writes the '
        + 'invoices in batches, each in its own transaction. Each invoice is recorded once per channel: running the same file again adds '
        + 'nothing, and finishes a job that stopped half-way. Formats and rules (rounding, time zone, non-product codes): docs/sales.md.',
      tags: ['imports', 'sales'], consumes: FILE_TYPES, querystring: SalesImportQuery,
      response: { 202: ImportJob, 413: problemRef, ...problems },
    },
  }, async (request, reply) => {
    requireSalesImportRights(request.ctx);
    if (!FILE_TYPES.some((type) => String(request.headers['content-type']).startsWith(type))) {
      throw new ClienteleError('invalid', 'request.media_type', 'Send the file as the body with Content-Type: text/csv or application/gzip.');
    }
    const upload = await saveUpload(request.body as Readable);
    const job = await startSalesImport(request.ctx, app.database, runner, upload, request.query);
    return reply.code(202).header('location', `/v1/import-jobs/${job.id}`).send(job);
  });

  app.get('/import-jobs', {
    config: { right: 'import_data' },
    schema: {
      summary: 'List import jobs, newest first', tags: ['imports'], querystring: ImportJobListQuery,
      response: { 200: ImportJobList, ...problems },
    },
  }, async (request) => listImportJobs(request.ctx, request.query));

  app.get('/import-jobs/:id', {
    config: { right: 'import_data' },
    schema: {
      summary: 'An import job: progress while it runs, then its counts and bad rows',
      tags: ['imports'], params: IdParams, response: { 200: ImportJob, ...problems },
    },
  }, async (request) => getImportJob(request.ctx, request.params.id));
};
