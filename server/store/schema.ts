import type { Generated } from 'kysely';
import type { Sensitivity } from '../domain/types';

/** The tables, as Kysely sees them. Geometry is GeoJSON text plus bbox columns on both databases. */
export interface Database {
  app_meta: { key: string; value: string };
  import_runs: {
    id: string;
    org_id: string;
    started_by: string;
    file_name: string;
    file_hash: string;
    kind: string;
    /** running | published | failed | cancelled */
    status: string;
    message: string | null;
    /** JSON ImportReport. */
    report: string | null;
    dataset_id: string | null;
    started_at: string;
    finished_at: string | null;
  };
  organisations: { id: string; name: string; created_at: string; suppression_k: Generated<number> };
  users: {
    id: string;
    email: string;
    name: string;
    /** scrypt$N$r$p$salt$hash (server/auth/passwords.ts). */
    password_hash: string;
    must_change_password: number;
    failed_attempts: number;
    locked_until: string | null;
    created_at: string;
  };
  /** role: viewer | analyst | editor | admin */
  memberships: { user_id: string; org_id: string; role: string };
  /** The organisation a session acts for; the token itself is never stored, only its SHA-256. */
  sessions: { token_hash: string; user_id: string; org_id: string; created_at: string; expires_at: string };
  audit_events: {
    id: Generated<number>;
    at: string;
    user_id: string | null;
    email: string | null;
    org_id: string | null;
    action: string;
    target: string | null;
    /** JSON */
    detail: string | null;
    ip: string | null;
  };
  datasets: {
    id: string;
    org_id: string;
    name: string;
    /**
     * boundaries | sites | observations (imported); places | borders (built-in); factors (derived,
     * factors-store: `source` holds the layer versions they came from as JSON).
     */
    kind: string;
    source: string;
    licence: string;
    data_date: string | null;
    imported_by: string;
    imported_at: string;
    sensitivity: Sensitivity;
    file_name: string | null;
    file_hash: string | null;
    feature_count: number;
    hidden: number;
    /** JSON: layer style chosen by the user. */
    style: string | null;
    /** Comma-separated roles of the owning organisation cleared for its restricted content. */
    clearance_roles: Generated<string>;
    /** Bumped by every rename, restyle or hide: a save made from an older version is refused. */
    version: Generated<number>;
  };
  boundary_sets: {
    id: string;
    dataset_id: string;
    org_id: string;
    name: string;
    level: number;
    version: string;
  };
  areas: {
    id: Generated<number>;
    boundary_set_id: string;
    org_id: string;
    sensitivity: Sensitivity;
    code: string;
    name: string;
    level: number;
    parent_code: string | null;
    /** JSON object: other codes and alternative names. */
    props: string;
    /** GeoJSON Polygon or MultiPolygon, longitudes unwrapped across ±180°. */
    geometry: string;
    min_lng: number;
    min_lat: number;
    max_lng: number;
    max_lat: number;
    area_km2: number;
  };
  sites: {
    id: Generated<number>;
    dataset_id: string;
    org_id: string;
    sensitivity: Sensitivity;
    category: string;
    name: string;
    lng: number;
    lat: number;
    props: string;
    /** Code of the admin-0 area that contains the site, when known. */
    area_code: string | null;
  };
  places: {
    id: Generated<number>;
    dataset_id: string;
    org_id: string;
    sensitivity: Sensitivity;
    geonames_id: number;
    name: string;
    country_iso2: string;
    population: number;
    lng: number;
    lat: number;
    area_code: string | null;
  };
  border_lines: {
    id: Generated<number>;
    dataset_id: string;
    org_id: string;
    sensitivity: Sensitivity;
    a: string;
    b: string;
    /** GeoJSON LineString. */
    geometry: string;
    min_lng: number;
    min_lat: number;
    max_lng: number;
    max_lat: number;
  };
  indicators: {
    id: string;
    org_id: string;
    name: string;
    unit: string;
    /** 'higher-more-risk' | 'higher-less-risk' */
    direction: string;
    transform: string;
    source: string;
    licence: string;
    sensitivity: Sensitivity;
  };
  observations: {
    id: Generated<number>;
    indicator_id: string;
    dataset_id: string;
    org_id: string;
    sensitivity: Sensitivity;
    boundary_set_id: string;
    area_code: string;
    period: string;
    value: number;
    lower: number | null;
    upper: number | null;
  };
  /** A risk model of an organisation (issue 9); the built-in default lives in code, not here. */
  risk_models: {
    id: string;
    org_id: string;
    name: string;
    description: string | null;
    sensitivity: Sensitivity;
    /** JSON: the model file (domain/risk/model-file.ts). */
    definition: string;
    /** Raised by every save; a save naming an older one is refused (optimistic concurrency). */
    version: number;
    created_by: string;
    created_at: string;
    updated_by: string;
    updated_at: string;
  };
  /** A saved scoring run: the model as scored and the dataset versions it read, so it can be reproduced. */
  risk_runs: {
    id: string;
    org_id: string;
    /** The strictest of the data it read (derived data keeps its owner and sensitivity). */
    sensitivity: Sensitivity;
    name: string;
    model_id: string | null;
    model_version: number | null;
    /** JSON: the model file as scored (after leaf indicators were picked). */
    model: string;
    boundary_set_id: string;
    period: string | null;
    /** JSON: weights, referenceYear, maxAgeYears. */
    options: string;
    /** JSON: per leaf the indicator and dataset (with its version) that filled it. */
    inputs: string;
    /** JSON: per area code, score, class, rank, reliability. */
    results: string;
    area_count: number;
    created_by: string;
    created_at: string;
  };
  /** Who does what, where (issue 10); `version` is bumped by every change. */
  interventions: {
    id: string;
    org_id: string;
    sensitivity: Sensitivity;
    title: string;
    /** Action-area code of the seed ('2.2', '6B.1' …). */
    action_area: string;
    /** Its strategy ('2', '6' …), for filtering. */
    strategy: string;
    partner: string | null;
    /** planned | ongoing | completed | cancelled */
    status: string;
    /** YYYY-MM-DD */
    start_date: string | null;
    end_date: string | null;
    budget: number | null;
    /** ISO 4217 */
    currency: string | null;
    reach_target: number | null;
    notes: Generated<string>;
    version: Generated<number>;
    /** 'form', 'duplicate' or 'import' */
    source: Generated<string>;
    import_run_id: string | null;
    /** E-mail of who created it / changed it last. */
    created_by: string;
    created_at: string;
    updated_by: string;
    updated_at: string;
  };
  intervention_audiences: { intervention_id: string; audience: string };
  intervention_targets: {
    id: Generated<number>;
    intervention_id: string;
    position: number;
    /** area | site | polygon | circle */
    kind: string;
    boundary_set_id: string | null;
    area_code: string | null;
    site_id: number | null;
    /** GeoJSON Polygon or MultiPolygon (kind polygon). */
    geometry: string | null;
    /** Circle centre and radius (kind circle). */
    lng: number | null;
    lat: number | null;
    radius_m: number | null;
    label: string | null;
  };
  /** A local safety-net plan of a municipality (any area of any boundary set), versioned. */
  plans: {
    id: string;
    org_id: string;
    sensitivity: Sensitivity;
    title: string;
    boundary_set_id: string;
    area_code: string;
    notes: Generated<string>;
    version: Generated<number>;
    created_by: string;
    created_at: string;
    updated_by: string;
    updated_at: string;
  };
  /** One row of a plan: an intervention with who is responsible, when, and notes. */
  plan_items: {
    id: Generated<number>;
    plan_id: string;
    position: number;
    intervention_id: string;
    responsibility: Generated<string>;
    start_date: string | null;
    end_date: string | null;
    notes: Generated<string>;
  };
  /** A named view of the map of an organisation: the link's query string. */
  saved_views: {
    id: string;
    org_id: string;
    sensitivity: Sensitivity;
    name: string;
    query: string;
    created_by: string;
    created_at: string;
    updated_by: string;
    updated_at: string;
  };
  /** People reached by a date, cumulative, as recorded over time. */
  intervention_reach: {
    id: Generated<number>;
    intervention_id: string;
    recorded_on: string;
    reach: number;
    note: Generated<string>;
    recorded_by: string;
    recorded_at: string;
  };
}
