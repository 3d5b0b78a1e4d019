import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TagImportReport } from '../../../src/modules/imports/schema.ts';
import { api } from './client';
import { customerKeys } from './customers';
import { tagKeys } from './tags';

export type { RowError, TagImportReport } from '../../../src/modules/imports/schema.ts';

export interface TagImportInput {
  file: Blob;
  /** Check every row and report, writing nothing. */
  dryRun: boolean;
  /** Apply the good rows and report the bad ones, instead of refusing the whole file. */
  skipInvalid: boolean;
}

export function importTags({ file, dryRun, skipInvalid }: TagImportInput) {
  return api<TagImportReport>('/v1/tag-imports', {
    method: 'POST',
    query: { dry_run: dryRun, skip_invalid: skipInvalid },
    file: { content: file, contentType: 'text/csv' },
  });
}

export function useImportTags() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importTags,
    onSuccess: (report) => {
      if (report.dry_run) return;
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: tagKeys.all }),
        queryClient.invalidateQueries({ queryKey: customerKeys.all }),
      ]);
    },
  });
}
