import { toSearchFilter, useBulkTagCustomers, type CustomerFilters } from '../../api/customers';
import { TagPicker } from '../../components/TagPicker';
import { BulkDialog } from './BulkDialog';

interface BulkTagsDialogProps {
  filters: CustomerFilters;
  /** How many customers the search matches now: the dialog asks before touching them. */
  total: number | undefined;
  /** The total is a text lookup's cap: more match. */
  capped: boolean;
  onClose: () => void;
}

/** Gives tags to, or takes them from, every customer the search matches, then says how many changed. */
export function BulkTagsDialog({ filters, total, capped, onClose }: BulkTagsDialogProps) {
  const bulk = useBulkTagCustomers();
  const { sort: _sort, ...search } = toSearchFilter(filters);
  return (
    <BulkDialog
      i18nPrefix="customers.bulk"
      testId="bulk"
      total={total}
      capped={capped}
      mutation={bulk}
      onApply={({ add, remove }) => bulk.mutate({ search, add, remove })}
      // Archived tags can be taken away but not given.
      picker={(which, field) => <TagPicker mode={which === 'add' ? 'assign' : 'search'} {...field} />}
      onClose={onClose}
    />
  );
}
