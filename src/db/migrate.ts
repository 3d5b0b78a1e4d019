import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as foundation from './migrations/20261123T1200_foundation.ts';
import * as customerTallies from './migrations/20261123T1900_customer_tallies.ts';
import * as tags from './migrations/20261123T2100_tags.ts';
import * as sales from './migrations/20261124T0900_sales.ts';
import * as importJobProgress from './migrations/20261125T0900_import_job_progress.ts';
import * as groups from './migrations/20261126T0900_groups.ts';
import * as groupSearch from './migrations/20261127T0900_group_search.ts';
import * as externalIdLookup from './migrations/20261128T0900_external_id_lookup.ts';
import * as tagSearchFilters from './migrations/20261129T0900_tag_search_filters.ts';
import * as saleLineWrites from './migrations/20261130T0900_sale_line_writes.ts';
import * as nameWalk from './migrations/20261201T0900_name_walk.ts';
import * as tagBits from './migrations/20261202T0900_tag_bits.ts';
import * as customerFacets from './migrations/20261203T0900_customer_facets.ts';
import * as countryWalk from './migrations/20261204T0900_country_walk.ts';

// The one ordered history of the schema. Listed here, not read from the folder, so the CLI works the
// same from a checkout and from a bundle.
const migrations: Record<string, Migration> = {
  '20261123T1200_foundation': foundation,
  '20261123T1900_customer_tallies': customerTallies,
  '20261123T2100_tags': tags,
  '20261124T0900_sales': sales,
  '20261125T0900_import_job_progress': importJobProgress,
  '20261126T0900_groups': groups,
  '20261127T0900_group_search': groupSearch,
  '20261128T0900_external_id_lookup': externalIdLookup,
  '20261129T0900_tag_search_filters': tagSearchFilters,
  '20261130T0900_sale_line_writes': saleLineWrites,
  '20261201T0900_name_walk': nameWalk,
  '20261202T0900_tag_bits': tagBits,
  '20261203T0900_customer_facets': customerFacets,
  '20261204T0900_country_walk': countryWalk,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; a no-op when it already is. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
