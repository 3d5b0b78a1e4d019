import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { problemRef, problems } from '../../http/schemas.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { TagImportQuery, TagImportReport } from './schema.ts';
import { importTags, MAX_IMPORT_BYTES, TAG_IMPORT_COLUMNS } from './tags.ts';

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A CSV body reaches the import as the request stream, read row by row; the import enforces its own size limit.
  app.addContentTypeParser('text/csv', { bodyLimit: MAX_IMPORT_BYTES }, (_request, payload, done) => done(null, payload));

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
};
