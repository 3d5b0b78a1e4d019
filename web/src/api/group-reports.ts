import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type {
  GroupClassifications, GroupClassificationsRequest, GroupReport, GroupReportRequest,
} from '../../../src/modules/reports/schema.ts';
import { allValues } from './all-values';
import { api, apiDownload } from './client';

export type { GroupClassifications, GroupClassificationsRequest, GroupReport, GroupReportRequest, TopProduct } from '../../../src/modules/reports/schema.ts';
export type GroupMembershipBasis = NonNullable<GroupReportRequest['membership']>;

export const GROUP_MEMBERSHIPS = allValues<GroupMembershipBasis>()(['at_sale', 'today']);

// Under 'reports': a group's report reads sales, so whatever invalidates reports invalidates these too.
export const groupReportKeys = {
  all: ['reports', 'groups'] as const,
  report: (request: GroupReportRequest) => ['reports', 'groups', 'report', request] as const,
  classifications: (request: GroupClassificationsRequest) => ['reports', 'groups', 'classifications', request] as const,
};

export const groupReportQuery = (request: GroupReportRequest) =>
  queryOptions({
    queryKey: groupReportKeys.report(request),
    queryFn: ({ signal }) => api<GroupReport>('/v1/reports/groups', { method: 'POST', body: request, signal }),
  });

export const groupClassificationsQuery = (request: GroupClassificationsRequest) =>
  queryOptions({
    queryKey: groupReportKeys.classifications(request),
    queryFn: ({ signal }) => api<GroupClassifications>('/v1/reports/group-classifications', { method: 'POST', body: request, signal }),
  });

/** The group's report beside the store's; the last one stays on screen while the next loads. */
export function useGroupReport(request: GroupReportRequest) {
  return useQuery({ ...groupReportQuery(request), placeholderData: keepPreviousData });
}

/** The classifications the group's customers bought, weighted by spend: the words of the cloud. */
export function useGroupClassifications(request: GroupClassificationsRequest) {
  return useQuery({ ...groupClassificationsQuery(request), placeholderData: keepPreviousData });
}

/** The report's totals and top products as CSV, money as decimals. */
export function useExportGroupReport() {
  return useMutation({
    mutationFn: (request: GroupReportRequest) =>
      apiDownload('/v1/reports/groups', { method: 'POST', query: { format: 'csv' }, headers: { accept: 'text/csv' }, body: request }),
  });
}
