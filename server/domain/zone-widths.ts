/**
 * The product's widths, one constant each. The borderland width is called `borderKm` in the code
 * and the API (`bk` in the URL, `radiusKm` where a zone is asked for by its radius); the transit
 * catchment `catchmentKm`.
 *
 * @example
 * computeAreaFactors(areas, sites, borders, { borderKm: BORDER_KM, catchmentKm: CATCHMENT_KM });
 */

/** Width of the borderland zone either side of a land border, km (strategy 2.1's borderlands). */
export const BORDER_KM = 50;
/** The narrowest and widest borderland zones the app serves (the layer panel's slider), km. */
export const BORDER_KM_MIN = 5;
export const BORDER_KM_MAX = 200;
/** Radius of the catchment around transit sites, km. */
export const CATCHMENT_KM = 10;
