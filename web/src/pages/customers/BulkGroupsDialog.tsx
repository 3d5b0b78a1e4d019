import type { CustomerFilters } from '../../api/customers';
import { useBulkGroupCustomers } from '../../api/groups';
import { GroupPicker } from '../../components/GroupPicker';
import { BulkDialog } from './BulkDialog';

interface BulkGroupsDialogProps {
  filters: CustomerFilters;
  /** How many customers the search matches now: the dialog asks before touching them. */
  total: number | undefined;
  /** The total is a text lookup's cap: more match. */
  capped: boolean;
  onClose: () => void;
}

/**
 * Puts every customer the search matches in static groups, or takes them out, in one go, then says how many
 * changed.
 */
export function BulkGroupsDialog({ filters, total, capped, onClose }: BulkGroupsDialogProps) {
  const bulk = useBulkGroupCustomers();
  return (
    <BulkDialog
      i18nPrefix="customerGroups.bulk"
      testId="bulk-groups"
      total={total}
      capped={capped}
      mutation={bulk}
      onApply={({ add, remove }) => bulk.mutate({ filters, add, remove })}
      picker={(_which, field) => <GroupPicker {...field} />}
      onClose={onClose}
    />
  );
}
