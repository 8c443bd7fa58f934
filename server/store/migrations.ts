import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './db';

// One set of migrations for SQLite and PostgreSQL: the id column type differs (serial or integer),
// and PostgreSQL alone gets the statement-level checks of 003 and the partitioned sites of 004.
function makeMigrations(dialect: Dialect): Record<string, Migration> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const real = 'double precision';
  return {
    '001_foundation': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('app_meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('organisations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('datasets')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('licence', 'text', (c) => c.notNull())
          .addColumn('data_date', 'text')
          .addColumn('imported_by', 'text', (c) => c.notNull())
          .addColumn('imported_at', 'text', (c) => c.notNull())
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text')
          .addColumn('file_hash', 'text')
          .addColumn('feature_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('style', 'text')
          .execute();
        await db.schema
          .createTable('boundary_sets')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('level', 'integer', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('areas')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('boundary_set_id', 'text', (c) =>
            c.notNull().references('boundary_sets.id').onDelete('cascade'),
          )
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('level', 'integer', (c) => c.notNull())
          .addColumn('parent_code', 'text')
          .addColumn('props', 'text', (c) => c.notNull())
          .addColumn('geometry', 'text', (c) => c.notNull())
          .addColumn('min_lng', real, (c) => c.notNull())
          .addColumn('min_lat', real, (c) => c.notNull())
          .addColumn('max_lng', real, (c) => c.notNull())
          .addColumn('max_lat', real, (c) => c.notNull())
          .addColumn('area_km2', real, (c) => c.notNull())
          .addUniqueConstraint('areas_set_code_unique', ['boundary_set_id', 'code'])
          .execute();
        await db.schema
          .createTable('sites')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('lng', real, (c) => c.notNull())
          .addColumn('lat', real, (c) => c.notNull())
          .addColumn('props', 'text', (c) => c.notNull())
          .addColumn('area_code', 'text')
          .execute();
        await db.schema.createIndex('sites_dataset').on('sites').columns(['dataset_id']).execute();
        await db.schema.createIndex('sites_area').on('sites').columns(['area_code', 'category']).execute();
        await db.schema
          .createTable('places')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('geonames_id', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('country_iso2', 'text', (c) => c.notNull())
          .addColumn('population', 'integer', (c) => c.notNull())
          .addColumn('lng', real, (c) => c.notNull())
          .addColumn('lat', real, (c) => c.notNull())
          .addColumn('area_code', 'text')
          .execute();
        await db.schema.createIndex('places_area').on('places').columns(['area_code']).execute();
        await db.schema
          .createTable('border_lines')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('a', 'text', (c) => c.notNull())
          .addColumn('b', 'text', (c) => c.notNull())
          .addColumn('geometry', 'text', (c) => c.notNull())
          .addColumn('min_lng', real, (c) => c.notNull())
          .addColumn('min_lat', real, (c) => c.notNull())
          .addColumn('max_lng', real, (c) => c.notNull())
          .addColumn('max_lat', real, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('indicators')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('transform', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('licence', 'text', (c) => c.notNull())
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('observations')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
          .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('boundary_set_id', 'text', (c) => c.notNull())
          .addColumn('area_code', 'text', (c) => c.notNull())
          .addColumn('period', 'text', (c) => c.notNull())
          .addColumn('value', real, (c) => c.notNull())
          .addColumn('lower', real)
          .addColumn('upper', real)
          .execute();
        await db.schema
          .createIndex('observations_lookup')
          .on('observations')
          .columns(['indicator_id', 'boundary_set_id', 'area_code', 'period'])
          .execute();
        await sql`select 1`.execute(db);
      },
    },
    '002_import_runs': {
      async up(db: Kysely<any>) {
        // Every import, published or not: a failed or cancelled one leaves only this report.
        await db.schema
          .createTable('import_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('started_by', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('file_hash', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('message', 'text')
          .addColumn('report', 'text')
          .addColumn('dataset_id', 'text')
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .execute();
      },
    },
    '003_sites_checked_per_statement': {
      async up(db: Kysely<any>) {
        // PostgreSQL checks a foreign key row by row: COPY of 1M sites took 35 s with the two
        // foreign keys of sites and 11 s without. The same guarantees, checked once per statement
        // over the rows it wrote (a transition table), cost 1.6 s. SQLite checks foreign keys
        // cheaply and keeps them (bulk-sites.ts checks the parents once for its own writes).
        if (dialect !== 'postgres') return;
        await sql`ALTER TABLE sites DROP CONSTRAINT IF EXISTS sites_dataset_id_fkey, DROP CONSTRAINT IF EXISTS sites_org_id_fkey`.execute(db);
        await sql`
          CREATE FUNCTION sites_check_parents() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF EXISTS (
              SELECT 1 FROM (SELECT DISTINCT dataset_id, org_id FROM written) w
              WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = w.dataset_id)
                 OR NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = w.org_id)
            ) THEN
              RAISE foreign_key_violation USING MESSAGE = 'sites rows refer to a dataset or an organisation that does not exist';
            END IF;
            RETURN NULL;
          END $$`.execute(db);
        await sql`CREATE TRIGGER sites_parents_inserted AFTER INSERT ON sites REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION sites_check_parents()`.execute(db);
        await sql`CREATE TRIGGER sites_parents_updated AFTER UPDATE ON sites REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION sites_check_parents()`.execute(db);
        // ON DELETE CASCADE of datasets → sites, and RESTRICT of organisations → sites
        await sql`
          CREATE FUNCTION datasets_delete_sites() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            DELETE FROM sites WHERE dataset_id IN (SELECT id FROM removed);
            RETURN NULL;
          END $$`.execute(db);
        await sql`CREATE TRIGGER datasets_delete_sites AFTER DELETE ON datasets REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION datasets_delete_sites()`.execute(db);
        await sql`
          CREATE FUNCTION organisations_keep_sites() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF EXISTS (SELECT 1 FROM sites s JOIN removed r ON s.org_id = r.id) THEN
              RAISE foreign_key_violation USING MESSAGE = 'organisations with sites cannot be deleted';
            END IF;
            RETURN NULL;
          END $$`.execute(db);
        await sql`CREATE TRIGGER organisations_keep_sites AFTER DELETE ON organisations REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION organisations_keep_sites()`.execute(db);
      },
    },
    '004_sites_partitioned_by_dataset': {
      async up(db: Kysely<any>) {
        // A COPY of 1M sites into the one table took 4.9 s of PostgreSQL's CPU, 3.2 s of it
        // keeping up its three indexes and the checks of migration 003 row by row. Every query of
        // sites names its dataset: so each dataset written in bulk gets a partition of its own,
        // loaded bare, given its primary key by sorting, then attached (bulk-sites.ts) — 1.6 s in
        // all, with binary COPY. Sites written row by row (the default data, small files) go to
        // the default partition, which keeps the checks and one index for the questions asked of
        // it. SQLite stays as it is.
        if (dialect !== 'postgres') return;
        await sql`ALTER TABLE sites RENAME TO sites_default`.execute(db);
        await sql`ALTER INDEX sites_pkey RENAME TO sites_default_pkey`.execute(db);
        await sql`DROP TRIGGER sites_parents_inserted ON sites_default`.execute(db);
        await sql`DROP TRIGGER sites_parents_updated ON sites_default`.execute(db);
        // what the default partition is asked for: a dataset, an area and a category (airports per country)
        await sql`DROP INDEX sites_area, sites_dataset`.execute(db);
        await sql`CREATE INDEX sites_default_dataset_area ON sites_default (dataset_id, area_code, category)`.execute(db);
        await sql`
          CREATE TABLE sites (
            id integer NOT NULL DEFAULT nextval('sites_id_seq'),
            dataset_id text NOT NULL,
            org_id text NOT NULL,
            sensitivity text NOT NULL,
            category text NOT NULL,
            name text NOT NULL,
            lng double precision NOT NULL,
            lat double precision NOT NULL,
            props text NOT NULL,
            area_code text
          ) PARTITION BY LIST (dataset_id)`.execute(db);
        await sql`ALTER SEQUENCE sites_id_seq OWNED BY sites.id`.execute(db);
        await sql`ALTER TABLE sites ATTACH PARTITION sites_default DEFAULT`.execute(db);
        await sql`CREATE TRIGGER sites_parents_inserted AFTER INSERT ON sites REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION sites_check_parents()`.execute(db);
        await sql`CREATE TRIGGER sites_parents_updated AFTER UPDATE ON sites REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION sites_check_parents()`.execute(db);
        // The name of a dataset's own partition, for bulk-sites.ts and the trigger below.
        await sql`
          CREATE FUNCTION sites_partition_name(dataset_id text) RETURNS text LANGUAGE sql IMMUTABLE
          AS $$ SELECT 'sites_' || left(md5(dataset_id), 24) $$`.execute(db);
        // Deleting a dataset drops its partition whole; its rows in the default partition go as before.
        await sql`
          CREATE OR REPLACE FUNCTION datasets_delete_sites() RETURNS trigger LANGUAGE plpgsql AS $$
          DECLARE
            own regclass;
          BEGIN
            FOR own IN SELECT to_regclass(sites_partition_name(id)) FROM removed LOOP
              IF own IS NOT NULL THEN
                EXECUTE format('DROP TABLE %s', own);
              END IF;
            END LOOP;
            DELETE FROM sites_default WHERE dataset_id IN (SELECT id FROM removed);
            RETURN NULL;
          END $$`.execute(db);
      },
    },
    '005_accounts': {
      async up(db: Kysely<any>) {
        // Accounts, sessions and the audit log (issue 8). Sessions live in the database so that
        // two app servers share them; only a hash of the session token is stored.
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('locked_until', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('memberships')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('memberships_pkey', ['user_id', 'org_id'])
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();
        await db.schema
          .createTable('audit_events')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text')
          .addColumn('email', 'text')
          .addColumn('org_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('detail', 'text')
          .addColumn('ip', 'text')
          .execute();
        await db.schema.createIndex('audit_events_org_at').on('audit_events').columns(['org_id', 'at']).execute();
        // k of the small-count rule per organisation (never below 5; default 10).
        await db.schema.alterTable('organisations').addColumn('suppression_k', 'integer', (c) => c.notNull().defaultTo(10)).execute();
        // The roles of the owning organisation that may see a restricted dataset, and see
        // restricted points and small counts at full precision (comma-separated).
        await db.schema.alterTable('datasets').addColumn('clearance_roles', 'text', (c) => c.notNull().defaultTo('analyst,editor,admin')).execute();
      },
    },
    '006_risk_models': {
      async up(db: Kysely<any>) {
        // Risk models per organisation (issue 9): the model file as JSON text, a version for
        // optimistic concurrency; and saved scoring runs with what they need to be reproduced.
        await db.schema
          .createTable('risk_models')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('definition', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('risk_models_org').on('risk_models').columns(['org_id', 'name']).execute();
        await db.schema
          .createTable('risk_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('model_id', 'text')
          .addColumn('model_version', 'integer')
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('boundary_set_id', 'text', (c) => c.notNull())
          .addColumn('period', 'text')
          .addColumn('options', 'text', (c) => c.notNull())
          .addColumn('inputs', 'text', (c) => c.notNull())
          .addColumn('results', 'text', (c) => c.notNull())
          .addColumn('area_count', 'integer', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('risk_runs_org').on('risk_runs').columns(['org_id', 'created_at']).execute();
      },
    },
    '008_dataset_versions': {
      async up(db: Kysely<any>) {
        // Two people renaming or restyling a dataset at once: the second save, made from the
        // version before the first, is refused rather than silently overwriting it (issue 14).
        await db.schema.alterTable('datasets').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      },
    },
    '009_import_parking': {
      async up(db: Kysely<any>) {
        // The owner of a dataset the embedded database is still writing (bulk-sites.ts): no one is
        // a member, so nothing shows it until the import hands it to its organisation.
        await db.insertInto('organisations').values({ id: 'importing', name: 'Imports in progress (reserved)', created_at: new Date().toISOString() }).execute();
      },
    },
    '010_interventions': {
      async up(db: Kysely<any>) {
        // Interventions (issue 10): who does what, where. One row per intervention with a version
        // for optimistic concurrency; its audiences, targets and reach measurements in their own
        // tables, deleted with it. Site targets name a site id without a foreign key (sites are
        // partitioned on PostgreSQL, migration 004).
        await db.schema
          .createTable('interventions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('action_area', 'text', (c) => c.notNull())
          .addColumn('strategy', 'text', (c) => c.notNull())
          .addColumn('partner', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('start_date', 'text')
          .addColumn('end_date', 'text')
          .addColumn('budget', real)
          .addColumn('currency', 'text')
          .addColumn('reach_target', real)
          .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('source', 'text', (c) => c.notNull().defaultTo('form'))
          .addColumn('import_run_id', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('interventions_org').on('interventions').columns(['org_id', 'status']).execute();
        await db.schema
          .createTable('intervention_audiences')
          .addColumn('intervention_id', 'text', (c) => c.notNull().references('interventions.id').onDelete('cascade'))
          .addColumn('audience', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('intervention_audiences_pkey', ['intervention_id', 'audience'])
          .execute();
        await db.schema
          .createTable('intervention_targets')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('intervention_id', 'text', (c) => c.notNull().references('interventions.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          /** area | site | polygon | circle */
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('boundary_set_id', 'text')
          .addColumn('area_code', 'text')
          .addColumn('site_id', 'integer')
          /** GeoJSON Polygon or MultiPolygon of a drawn polygon. */
          .addColumn('geometry', 'text')
          /** Centre and radius of a circle. */
          .addColumn('lng', real)
          .addColumn('lat', real)
          .addColumn('radius_m', real)
          .addColumn('label', 'text')
          .execute();
        await db.schema.createIndex('intervention_targets_of').on('intervention_targets').columns(['intervention_id']).execute();
        await db.schema.createIndex('intervention_targets_area').on('intervention_targets').columns(['boundary_set_id', 'area_code']).execute();
        await db.schema
          .createTable('intervention_reach')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('intervention_id', 'text', (c) => c.notNull().references('interventions.id').onDelete('cascade'))
          .addColumn('recorded_on', 'text', (c) => c.notNull())
          .addColumn('reach', real, (c) => c.notNull())
          .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('recorded_by', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('intervention_reach_of').on('intervention_reach').columns(['intervention_id', 'recorded_on']).execute();
      },
    },
    '011_plans': {
      async up(db: Kysely<any>) {
        // Local safety-net plans (issue 10): a municipality's plan, versioned like interventions,
        // with its rows in their own table, deleted with it. A row names an intervention without a
        // foreign key, so that a plan keeps its row when the intervention is gone (it prints as such).
        await db.schema
          .createTable('plans')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('boundary_set_id', 'text', (c) => c.notNull())
          .addColumn('area_code', 'text', (c) => c.notNull())
          .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('plans_org_area').on('plans').columns(['org_id', 'boundary_set_id', 'area_code']).execute();
        await db.schema
          .createTable('plan_items')
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('intervention_id', 'text', (c) => c.notNull())
          .addColumn('responsibility', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('start_date', 'text')
          .addColumn('end_date', 'text')
          .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema.createIndex('plan_items_of').on('plan_items').columns(['plan_id', 'position']).execute();
      },
    },
    '012_saved_views': {
      async up(db: Kysely<any>) {
        // Named views of the map per organisation (issue 11): the link's query string, normalised
        // by the client (client/lib/url-view.ts) and checked again when opened; a name once per
        // organisation.
        await db.schema
          .createTable('saved_views')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('sensitivity', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('saved_views_org_name').on('saved_views').columns(['org_id', 'name']).unique().execute();
      },
    },
  };
}

/** Supplies the migrations to Kysely's Migrator, in name order. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => makeMigrations(dialect) };
}
